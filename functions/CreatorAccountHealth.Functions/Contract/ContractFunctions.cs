using CreatorAccountHealth.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CreatorAccountHealth.Functions.Contract;

/// <summary><c>GET /api/openapi.json</c> and <c>GET /api/schemas/platform-events.json</c>: the published contract, anonymous.</summary>
public sealed class ContractFunctions
{
    [Function("GetOpenApiDocument")]
    [PublicEndpoint("the published contract is public: client generators and integrators fetch it without credentials")]
    public IActionResult OpenApi(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request) =>
        new DocumentResponse(ApiContract.OpenApiBytes, "application/json");

    [Function("GetPlatformEventSchemas")]
    [PublicEndpoint("the published event schemas are public, like the contract that references them")]
    public IActionResult PlatformEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "schemas/platform-events.json")] HttpRequest request) =>
        new DocumentResponse(ApiContract.PlatformEventSchemaBytes, "application/schema+json");

    /// <summary>A fixed document, byte for byte.</summary>
    private sealed class DocumentResponse(ReadOnlyMemory<byte> body, string contentType) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = contentType + "; charset=utf-8";
            response.Headers.CacheControl = "public, max-age=300";
            await response.Body.WriteAsync(body, context.HttpContext.RequestAborted);
        }
    }
}
