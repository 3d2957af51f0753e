using System.Text;
using CreatorAccountHealth.Functions.Webhooks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CreatorAccountHealth.Functions.Tests;

public class WebhookSignatureVerifierTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"eventId\":\"e1\"}");
    private static readonly string Timestamp = Now.ToUnixTimeSeconds().ToString();

    private static WebhookSignatureVerifier Verifier(string secrets = "current-secret") =>
        new(Options.Create(new WebhookOptions { SigningSecrets = secrets }), new FakeTimeProvider(Now));

    private static string V1(string secret, string timestamp, byte[] body) => "v1=" + WebhookSignatureVerifier.Sign(secret, timestamp, body);

    [Fact]
    public void A_body_signed_with_the_secret_is_valid()
    {
        Assert.Equal(SignatureCheck.Valid, Verifier().Verify(Timestamp, V1("current-secret", Timestamp, Body), Body));
    }

    [Fact]
    public void The_signature_is_lowercase_hex_hmac_sha256_of_timestamp_dot_body()
    {
        Assert.Equal(OpenSslReference, WebhookSignatureVerifier.Sign("secret", "1700000000", "{}"u8));
    }

    // Computed independently: printf '1700000000.{}' | openssl dgst -sha256 -hmac secret
    private const string OpenSslReference = "b8569b78799ff9e3cbff0fc2d63a33a2b57f3282abd07c37ae5e8e7d79a5f163";

    [Fact]
    public void During_a_rotation_either_secret_is_accepted()
    {
        var verifier = Verifier("new-secret, old-secret");

        Assert.Equal(SignatureCheck.Valid, verifier.Verify(Timestamp, V1("old-secret", Timestamp, Body), Body));
        Assert.Equal(SignatureCheck.Valid, verifier.Verify(Timestamp, V1("new-secret", Timestamp, Body), Body));
    }

    [Fact]
    public void Any_of_several_v1_values_may_match()
    {
        var header = $"v1={new string('0', 64)}, {V1("current-secret", Timestamp, Body)}";

        Assert.Equal(SignatureCheck.Valid, Verifier().Verify(Timestamp, header, Body));
    }

    [Fact]
    public void A_changed_body_or_timestamp_does_not_match()
    {
        var signature = V1("current-secret", Timestamp, Body);
        var tampered = Encoding.UTF8.GetBytes("{\"eventId\":\"e2\"}");
        var otherTimestamp = (Now.ToUnixTimeSeconds() - 1).ToString();

        Assert.Equal(SignatureCheck.NoMatch, Verifier().Verify(Timestamp, signature, tampered));
        Assert.Equal(SignatureCheck.NoMatch, Verifier().Verify(otherTimestamp, signature, Body));
        Assert.Equal(SignatureCheck.NoMatch, Verifier("another-secret").Verify(Timestamp, signature, Body));
    }

    [Theory]
    [InlineData(-300, SignatureCheck.Valid)]
    [InlineData(300, SignatureCheck.Valid)]
    [InlineData(-301, SignatureCheck.StaleTimestamp)]
    [InlineData(301, SignatureCheck.StaleTimestamp)]
    public void Timestamps_more_than_300_seconds_from_now_are_refused(int offsetSeconds, SignatureCheck expected)
    {
        var timestamp = (Now.ToUnixTimeSeconds() + offsetSeconds).ToString();

        Assert.Equal(expected, Verifier().Verify(timestamp, V1("current-secret", timestamp, Body), Body));
    }

    [Theory]
    [InlineData(null, "v1=00", SignatureCheck.MissingHeaders)]
    [InlineData("1795780800", null, SignatureCheck.MissingHeaders)]
    [InlineData("yesterday", "v1=00", SignatureCheck.MalformedTimestamp)]
    [InlineData("-1795780800", "v1=00", SignatureCheck.MalformedTimestamp)]
    [InlineData("1795780800", "sha256=abc", SignatureCheck.MalformedSignature)]
    [InlineData("1795780800", "v1=XYZ", SignatureCheck.MalformedSignature)]
    public void Missing_or_malformed_headers_are_refused(string? timestamp, string? signature, SignatureCheck expected)
    {
        Assert.Equal(expected, Verifier().Verify(timestamp, signature, Body));
    }

    [Fact]
    public void Uppercase_hex_is_not_the_specified_encoding()
    {
        var upper = V1("current-secret", Timestamp, Body).ToUpperInvariant().Replace("V1=", "v1=");

        Assert.Equal(SignatureCheck.MalformedSignature, Verifier().Verify(Timestamp, upper, Body));
    }
}
