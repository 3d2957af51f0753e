using System.Net;
using CreatorAccountHealth.LocalRuntime.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CreatorAccountHealth.LocalRuntime.Tests;

/// <summary>The local runtime runs each invocation through the worker middleware it is given, as the Functions worker does.</summary>
public class MiddlewareTests
{
    [Fact]
    public async Task The_middleware_sees_the_function_and_its_route_values_and_the_function_runs_inside_it()
    {
        var seen = new List<string>();
        await using var runtime = await TestRuntime.StartAsync(["GetItem"], middleware: next => async context =>
        {
            seen.Add($"{context.FunctionDefinition.Name} id={context.BindingContext.BindingData["id"]} http={context.GetHttpContext() is not null}");
            await next(context);
        });

        using var response = await runtime.Client.GetAsync("/api/items/42");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["GetItem id=42 http=True"], seen);
    }

    [Fact]
    public async Task A_middleware_that_answers_itself_keeps_the_function_from_running_and_its_answer_stands()
    {
        await using var runtime = await TestRuntime.StartAsync(["GetItem"], middleware: _ => async context =>
        {
            var http = context.GetHttpContext()!;
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await http.Response.WriteAsync("stopped here");
        });

        using var response = await runtime.Client.GetAsync("/api/items/42");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("stopped here", await response.Content.ReadAsStringAsync());
    }
}
