using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace CreatorAccountHealth.Functions.Webhooks;

public enum SignatureCheck
{
    Valid,
    MissingHeaders,
    MalformedTimestamp,
    StaleTimestamp,
    MalformedSignature,
    NoMatch,
}

/// <summary>
/// Verifies <c>X-Webhook-Signature: v1=&lt;hex&gt;[,v1=&lt;hex&gt;…]</c>: lowercase hex HMAC-SHA256 of
/// <c>{X-Webhook-Timestamp}.{raw body}</c> under any configured secret, compared in constant time.
/// </summary>
public sealed class WebhookSignatureVerifier(IOptions<WebhookOptions> options, TimeProvider time)
{
    public const string TimestampHeader = "X-Webhook-Timestamp";
    public const string SignatureHeader = "X-Webhook-Signature";
    private const string SchemePrefix = "v1=";

    private readonly byte[][] keys = options.Value.Secrets.Select(Encoding.UTF8.GetBytes).ToArray();
    private readonly long toleranceSeconds = options.Value.ToleranceSeconds;

    public SignatureCheck Verify(string? timestampHeader, string? signatureHeader, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrWhiteSpace(timestampHeader) || string.IsNullOrWhiteSpace(signatureHeader))
        {
            return SignatureCheck.MissingHeaders;
        }

        if (!long.TryParse(timestampHeader.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
        {
            return SignatureCheck.MalformedTimestamp;
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (Math.Abs(now - timestamp) > toleranceSeconds)
        {
            return SignatureCheck.StaleTimestamp;
        }

        var candidates = ParseSignatures(signatureHeader);
        if (candidates.Count == 0)
        {
            return SignatureCheck.MalformedSignature;
        }

        var signed = SignedPayload(timestampHeader.Trim(), body);

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var match = false;
        foreach (var key in keys)
        {
            HMACSHA256.HashData(key, signed, expected);
            foreach (var candidate in candidates)
            {
                // Check every pair without stopping early, so timing reveals nothing about which one matched.
                match |= CryptographicOperations.FixedTimeEquals(expected, candidate);
            }
        }

        return match ? SignatureCheck.Valid : SignatureCheck.NoMatch;
    }

    /// <summary>The lowercase hex signature of <paramref name="body"/> at <paramref name="timestamp"/> (what the platform sends).</summary>
    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), SignedPayload(timestamp, body)));

    /// <summary>The HMAC input: <c>{timestamp}.{raw body}</c>, with the timestamp exactly as sent.</summary>
    private static byte[] SignedPayload(string timestamp, ReadOnlySpan<byte> body)
    {
        var prefixLength = Encoding.UTF8.GetByteCount(timestamp) + 1;
        var signed = new byte[prefixLength + body.Length];
        Encoding.UTF8.GetBytes(timestamp, signed);
        signed[prefixLength - 1] = (byte)'.';
        body.CopyTo(signed.AsSpan(prefixLength));
        return signed;
    }

    private static List<byte[]> ParseSignatures(string header)
    {
        var result = new List<byte[]>();
        foreach (var part in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!part.StartsWith(SchemePrefix, StringComparison.Ordinal))
            {
                continue; // other schemes are ignored, so the platform can add one without breaking us
            }

            var hex = part[SchemePrefix.Length..];
            if (hex.Length == HMACSHA256.HashSizeInBytes * 2 && hex.All(c => char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c)))
            {
                result.Add(Convert.FromHexString(hex));
            }
        }

        return result;
    }
}
