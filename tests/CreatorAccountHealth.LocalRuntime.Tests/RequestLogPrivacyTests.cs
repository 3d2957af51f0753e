using System.Collections.Concurrent;
using CreatorAccountHealth.Functions.Hosting;
using CreatorAccountHealth.LocalRuntime.Tests.Support;
using CreatorAccountHealth.LocalRuntime.Tests.TestFunctions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CreatorAccountHealth.LocalRuntime.Tests;

/// <summary>Links from emails carry their token in the query string: the local runtime's request logging must never print it.</summary>
public sealed class RequestLogPrivacyTests
{
    [Fact]
    public async Task A_token_in_the_query_is_not_logged_even_with_ASP_NET_Core_request_logs_turned_on()
    {
        var logs = new Lines();
        await using var runtime = await TestRuntime.StartAsync(
            HttpTestFunctions.All,
            new Dictionary<string, string> { ["Logging__LogLevel__Microsoft.AspNetCore"] = "Debug", ["Logging__LogLevel__Default"] = "Debug" },
            services => services
                .AddRequestLinePrivacy() // what AddCreatorAccountHealth does, for the worker and the local runtime alike
                .AddSingleton<ILoggerProvider>(logs)
                // A provider's own level (as the suite's privacy capture and Logging:{provider}:LogLevel set one) beats the
                // general rules: the request lines must stay off for it too.
                .Configure<LoggerFilterOptions>(o => o.Rules.Add(new LoggerFilterRule(typeof(Lines).FullName, null, LogLevel.Debug, null))));

        using var response = await runtime.Client.GetAsync("/api/items/7?token=secret-link-token-123");

        Assert.True(response.IsSuccessStatusCode);
        Assert.Contains(logs.All, l => l.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)); // the setting took effect
        Assert.Contains(logs.All, l => l.Message.Contains("Executed 'Functions.GetItem'", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.All, l => l.Message.Contains("secret-link-token-123", StringComparison.Ordinal));
    }

    private sealed class Lines : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, string Message)> All { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(Lines lines, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.All.Enqueue((category, formatter(state, exception)));
        }
    }
}
