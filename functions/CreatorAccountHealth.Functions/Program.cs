using CreatorAccountHealth.Functions.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// The Azure Functions host (and `func start`) runs this. The local runtime (CreatorAccountHealth.LocalRuntime)
// hosts the same function classes with the same AddCreatorAccountHealth registrations.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddCreatorAccountHealth(builder.Configuration);

// After ConfigureFunctionsWebApplication's own middleware, so the HttpContext is there: caller identity, 503s.
builder.UseCreatorAccountHealthPipeline();
builder.Build().Run();
