using CreatorAccountHealth.Functions.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;

namespace CreatorAccountHealth.Functions.Hosting;

/// <summary>
/// The worker middleware every invocation goes through, outermost first. Program.cs hands it to the Functions worker;
/// the local runtime and the integration harness wrap each invocation in the same <see cref="Compose"/>, so the
/// caller gate runs under <c>func start</c>, in Azure and locally alike.
/// </summary>
public static class WorkerPipeline
{
    public static FunctionExecutionDelegate Compose(FunctionExecutionDelegate function) =>
        context => context.InstanceServices.GetRequiredService<HttpPipeline>().Invoke(context, function);

    public static IFunctionsWorkerApplicationBuilder UseCreatorAccountHealthPipeline(this IFunctionsWorkerApplicationBuilder builder) =>
        builder.Use(Compose);
}
