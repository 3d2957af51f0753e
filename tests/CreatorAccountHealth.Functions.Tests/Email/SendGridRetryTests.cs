using System.Net;
using CreatorAccountHealth.Functions.Email;
using Microsoft.Extensions.Time.Testing;
using SendGrid;

namespace CreatorAccountHealth.Functions.Tests.Email;

/// <summary>Reading Retry-After, both forms of it. The retry loop itself is exercised in <see cref="SendAlertEmailFunctionTests"/>.</summary>
public sealed class SendGridRetryTests
{
    [Theory]
    [InlineData("7", 7)]
    [InlineData("0", 0)]
    public void Retry_After_in_seconds_is_the_wait(string header, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), SendGridRetry.RetryAfter(ResponseWith(header), new FakeTimeProvider()));
    }

    [Fact]
    public void Retry_After_as_a_date_is_the_wait_until_then()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2027, 2, 2, 15, 0, 0, TimeSpan.Zero));

        Assert.Equal(TimeSpan.FromSeconds(90), SendGridRetry.RetryAfter(ResponseWith("Tue, 02 Feb 2027 15:01:30 GMT"), time));
        Assert.Equal(TimeSpan.Zero, SendGridRetry.RetryAfter(ResponseWith("Tue, 02 Feb 2027 14:00:00 GMT"), time));
    }

    [Fact]
    public void No_Retry_After_leaves_the_wait_to_the_backoff()
    {
        using var message = new HttpResponseMessage(HttpStatusCode.TooManyRequests);

        Assert.Null(SendGridRetry.RetryAfter(new Response(message.StatusCode, message.Content, message.Headers), new FakeTimeProvider()));
    }

    private static Response ResponseWith(string retryAfter)
    {
        var message = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        message.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        return new Response(message.StatusCode, message.Content, message.Headers);
    }
}
