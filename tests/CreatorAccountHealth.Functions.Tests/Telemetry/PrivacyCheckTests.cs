using System.Diagnostics;
using CreatorAccountHealth.Functions.Telemetry;
using CreatorAccountHealth.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Sdk;

namespace CreatorAccountHealth.Functions.Tests.Telemetry;

/// <summary>
/// The suite's privacy check (<see cref="TelemetryCapture"/>) catches what it is there for. Each leak is made on
/// purpose, asserted, and so consumed: it must not fail whichever harness is disposed next.
/// </summary>
[Collection(nameof(PrivacyCheckTests))]
public sealed class PrivacyCheckTests
{
    private static readonly TelemetryCapture Capture = TelemetryCapture.Shared;

    [Theory]
    [InlineData("Alert sent to ana.lima@shop.example", "an email address")]
    [InlineData("Authorization: Bearer abc.def.ghi", "a token or key")]
    [InlineData("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.sig", "a token or key")]
    [InlineData("key SG.abcdefghijklmnop.qrstuvwxyz", "a token or key")]
    [InlineData("Endpoint=sb://x/;SharedAccessKeyName=a;SharedAccessKey=secret", "a token or key")]
    [InlineData("GET https://health.example/api/email/unsubscribe?token=abc123", "a token or key")]
    [InlineData("GET /api/account/enter?x=1&token=abc123", "a token or key")]
    public void Finds_addresses_and_secrets(string text, string what) =>
        Assert.StartsWith(what, Capture.FindPersonalData(text));

    [Fact]
    public void Finds_a_display_name_or_notice_text_a_test_sent_the_app_but_not_ids()
    {
        Capture.ForbidPersonalDataOf("""{"type":"notice.sent","notice":{"id":"n-1","creatorId":"c-privacy","title":"Your stream was paused","body":"We paused your stream"}}""");
        Capture.ForbidPersonalDataOf("""{"type":"creator.upserted","creator":{"id":"c-privacy","email":"p@shop.example","displayName":"Priya Privacy"}}""");

        Assert.NotNull(Capture.FindPersonalData("Notice: Your stream was paused"));
        Assert.NotNull(Capture.FindPersonalData("Hello Priya Privacy"));
        Assert.Null(Capture.FindPersonalData("Webhook notice.sent n-1 for creator c-privacy: recorded"));
        Assert.Null(Capture.FindPersonalData("GET /api/email/unsubscribe?" + LinkTokenRedaction.Redacted));
    }

    [Fact]
    public void A_log_record_a_span_or_a_metric_dimension_with_an_address_fails_the_check()
    {
        Capture.AssertNothingPrivate();
        using var services = new ServiceCollection().AddLogging(b => b.AddTelemetryCapture()).AddAppMetrics().BuildServiceProvider();

        services.GetRequiredService<ILogger<PrivacyCheckTests>>().LogInformation("Emailed {Address}", "leak@shop.example");
        Assert.Contains("log", Assert.Throws<XunitException>(Capture.AssertNothingPrivate).Message);

        using (var span = AppTelemetry.Source.StartActivity("leaky span"))
        {
            span?.SetTag("to", "leak@shop.example");
        }

        Assert.Contains("span 'leaky span'", Assert.Throws<XunitException>(Capture.AssertNothingPrivate).Message);

        services.GetRequiredService<AppMetrics>().Email("leak@shop.example", AppMetrics.EmailOutcomes.Sent);
        Assert.Contains("metric creator_health.emails dimension email.kind", Assert.Throws<XunitException>(Capture.AssertNothingPrivate).Message);
    }
}

/// <summary>Runs alone, after the parallel tests: its deliberate leaks must not land in another test's check.</summary>
[CollectionDefinition(nameof(PrivacyCheckTests), DisableParallelization = true)]
public sealed class PrivacyCheckCollection;
