namespace CreatorAccountHealth.Functions.Webhooks;

/// <summary>Settings section <c>Webhook</c>.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhook";

    /// <summary>The largest body accepted, in bytes (64 KiB).</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>
    /// <c>Webhook__SigningSecrets</c>: comma-separated. During a rotation both the old and the new secret are listed;
    /// a request signed with either is accepted.
    /// </summary>
    public string SigningSecrets { get; set; } = "";

    /// <summary>How far the signed timestamp may be from now, either way.</summary>
    public int ToleranceSeconds { get; set; } = 300;

    public IReadOnlyList<string> Secrets =>
        SigningSecrets.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
