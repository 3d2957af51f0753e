using System.Text.Json;
using CreatorAccountHealth.Functions.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CreatorAccountHealth.Functions.Http;

/// <summary>
/// Writes a JSON body straight to the response. It needs no MVC formatters, so it behaves the same under the
/// Functions host's ASP.NET Core integration and under the local runtime.
/// </summary>
public sealed class JsonResponse(object body, int statusCode, string contentType = "application/json") : IActionResult
{
    private readonly List<KeyValuePair<string, string>> headers = [];

    public object Body { get; } = body;

    public int StatusCode { get; } = statusCode;

    public string ContentType { get; } = contentType;

    public IReadOnlyList<KeyValuePair<string, string>> Headers => headers;

    public JsonResponse WithHeader(string name, string value)
    {
        headers.Add(new(name, value));
        return this;
    }

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = ContentType + "; charset=utf-8";
        foreach (var (name, value) in headers)
        {
            response.Headers.Append(name, value);
        }

        await JsonSerializer.SerializeAsync(response.Body, Body, Body.GetType(), AppJson.Options, context.HttpContext.RequestAborted);
    }

    public static JsonResponse Ok(object body) => new(body, StatusCodes.Status200OK);

    public static JsonResponse Accepted(object body) => new(body, StatusCodes.Status202Accepted);
}
