using System.Net;
using System.Text;
using System.Text.Json;
using CreatorAccountHealth.LocalRuntime.Tests.Support;
using CreatorAccountHealth.LocalRuntime.Tests.TestFunctions;

namespace CreatorAccountHealth.LocalRuntime.Tests;

/// <summary>One runtime hosting the HTTP test functions, shared by the tests of <see cref="HttpFunctionTests"/>.</summary>
public sealed class HttpRuntimeFixture : IAsyncLifetime
{
    private TestRuntime? runtime;

    public HttpClient Client => runtime!.Client;

    public async Task InitializeAsync() => runtime = await TestRuntime.StartAsync(HttpTestFunctions.All);

    public async Task DisposeAsync() => await runtime!.DisposeAsync();
}

public class HttpFunctionTests(HttpRuntimeFixture runtime) : IClassFixture<HttpRuntimeFixture>
{
    private HttpClient Client => runtime.Client;

    [Fact]
    public async Task A_route_parameter_binds_by_name_and_its_constraint_selects_the_route()
    {
        // GetItem is AuthorizationLevel.Function: locally it answers without a key, as under Core Tools.
        using var found = await Client.GetAsync("/api/items/42");
        using var notAnInt = await Client.GetAsync("/api/items/forty-two");

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Equal(42, (await JsonOf(found)).GetProperty("id").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, notAnInt.StatusCode);
    }

    [Fact]
    public async Task Route_values_convert_to_guid_long_and_bool_and_an_absent_optional_one_is_null()
    {
        var key = Guid.NewGuid();

        var all = await JsonOf(await Client.GetAsync($"/api/typed/{key}/9000000000/true/ann"));
        var withoutName = await JsonOf(await Client.GetAsync($"/api/typed/{key}/1/false"));

        Assert.Equal(key, all.GetProperty("key").GetGuid());
        Assert.Equal(9_000_000_000L, all.GetProperty("count").GetInt64());
        Assert.True(all.GetProperty("flag").GetBoolean());
        Assert.Equal("ann", all.GetProperty("name").GetString());
        Assert.False(withoutName.GetProperty("flag").GetBoolean());
        Assert.Equal(JsonValueKind.Null, withoutName.GetProperty("name").ValueKind);
    }

    [Fact]
    public async Task A_route_value_that_does_not_convert_fails_the_invocation_as_in_Azure()
    {
        using var response = await Client.GetAsync("/api/unconstrained/twelve");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Fact]
    public async Task A_function_answers_only_its_methods_in_any_case_and_mvc_results_execute()
    {
        using var posted = await Client.PostAsync("/api/echo", new StringContent("hello", Encoding.UTF8, "text/plain"));
        using var got = await Client.GetAsync("/api/echo");

        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        Assert.Equal("text/plain", posted.Content.Headers.ContentType?.MediaType);
        Assert.Equal("hello", await posted.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, got.StatusCode);
    }

    [Theory]
    [InlineData("PUT", "/api/AnyMethod")]
    [InlineData("DELETE", "/api/anymethod")]
    public async Task A_function_without_route_or_methods_answers_any_method_at_its_name(string method, string path)
    {
        using var response = await Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(method, (await JsonOf(response)).GetProperty("method").GetString());
    }

    [Fact]
    public async Task FunctionContext_and_CancellationToken_bind_to_the_invocation_and_each_invocation_gets_a_new_instance()
    {
        var first = await JsonOf(await Client.GetAsync("/api/context/blue"));
        var second = await JsonOf(await Client.GetAsync("/api/context/green"));

        Assert.Equal("Context", first.GetProperty("functionName").GetString());
        Assert.Equal($"{typeof(HttpTestFunctions).FullName}.Context", first.GetProperty("entryPoint").GetString());
        Assert.Equal("httpTrigger", first.GetProperty("trigger").GetString());
        Assert.Equal("blue", first.GetProperty("tag").GetString());
        Assert.True(first.GetProperty("servicesAreTheRequests").GetBoolean());
        Assert.True(first.GetProperty("constructedInTheInvocationScope").GetBoolean());
        Assert.True(first.GetProperty("httpContextFound").GetBoolean());
        Assert.True(first.GetProperty("tokenIsRequestAborted").GetBoolean());
        Assert.NotEqual(first.GetProperty("invocationId").GetString(), second.GetProperty("invocationId").GetString());
        Assert.NotEqual(first.GetProperty("instanceId").GetGuid(), second.GetProperty("instanceId").GetGuid());
    }

    [Fact]
    public async Task An_exception_becomes_a_500_problem_without_its_message_or_stack_trace()
    {
        using var response = await Client.GetAsync("/api/throws");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(500, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
        Assert.DoesNotContain(HttpTestFunctions.SecretDetail, body, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_function_without_a_result_answers_200_with_an_empty_body()
    {
        using var response = await Client.PostAsync("/api/no-result", content: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }
}
