using System.Diagnostics;
using CreatorAccountHealth.Functions.Telemetry;

namespace CreatorAccountHealth.Functions.Tests.Telemetry;

public sealed class LinkTokenRedactionTests
{
    [Fact]
    public void A_url_attribute_with_a_link_token_is_redacted_before_export_and_the_rest_kept()
    {
        using var span = new Activity("GET /api/email/unsubscribe");
        span.SetTag("url.full", "https://health.example/api/email/unsubscribe?token=eyJhbGciOi.eyJzdWIi.sig&x=1");
        span.SetTag("url.query", "token=abc#frag");
        span.SetTag("url.path", "/api/email/unsubscribe");
        span.SetTag("http.response.status_code", 200);

        new LinkTokenRedaction().OnEnd(span);

        Assert.Equal("https://health.example/api/email/unsubscribe?token=REDACTED&x=1", span.GetTagItem("url.full"));
        Assert.Equal("token=REDACTED#frag", span.GetTagItem("url.query"));
        Assert.Equal("/api/email/unsubscribe", span.GetTagItem("url.path"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
    }

    [Fact]
    public void Text_without_a_token_is_left_as_it_is() =>
        Assert.Equal("/api/account/quizzes/v-1", LinkTokenRedaction.Redact("/api/account/quizzes/v-1"));
}
