using CreatorAccountHealth.Functions.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using OpenTelemetry;

// The Azure Functions host (and `func start`) runs this. The local runtime (CreatorAccountHealth.LocalRuntime)
// hosts the same function classes with the same AddCreatorAccountHealth registrations.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddCreatorAccountHealth(builder.Configuration);

// After ConfigureFunctionsWebApplication's own middleware, so the HttpContext is there: caller identity, 503s.
builder.UseCreatorAccountHealthPipeline();

// The worker continues the host's invocation span (host.json telemetryMode: OpenTelemetry) in the app's traces.
builder.Services.AddOpenTelemetry().UseFunctionsWorkerDefaults();
builder.Build().Run();
