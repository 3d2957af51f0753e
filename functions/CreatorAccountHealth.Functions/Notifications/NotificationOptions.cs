using Microsoft.Extensions.Options;

namespace CreatorAccountHealth.Functions.Notifications;

/// <summary>Settings section <c>Notifications</c>: how emails that can't go out now are tried again.</summary>
public sealed class NotificationOptions
{
    public const string SectionName = "Notifications";

    /// <summary>
    /// <c>Notifications__MaxMessageAge</c>: how long an email message keeps being re-scheduled through an outage (SendGrid
    /// down, our API key refused, storage down) before it is dead-lettered for an operator. 24 hours by default.
    /// </summary>
    public TimeSpan MaxMessageAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary><c>Notifications__RetryBaseDelay</c>: the first re-schedule's delay; each later one doubles it (with jitter).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary><c>Notifications__RetryMaxDelay</c>: the longest one re-schedule waits (unless SendGrid asks for longer).</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(30);
}

internal sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        var problems = new List<string>();
        if (options.RetryBaseDelay <= TimeSpan.Zero)
        {
            problems.Add("Notifications__RetryBaseDelay must be positive (e.g. 00:00:30).");
        }

        if (options.RetryMaxDelay < options.RetryBaseDelay)
        {
            problems.Add("Notifications__RetryMaxDelay must not be shorter than Notifications__RetryBaseDelay.");
        }

        if (options.MaxMessageAge <= options.RetryBaseDelay)
        {
            problems.Add("Notifications__MaxMessageAge must be longer than Notifications__RetryBaseDelay (e.g. 1.00:00:00).");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
