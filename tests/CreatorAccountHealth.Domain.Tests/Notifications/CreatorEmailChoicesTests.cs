using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Notifications;
using NodaTime;

namespace CreatorAccountHealth.Domain.Tests.Notifications;

public sealed class CreatorEmailChoicesTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 27, 12, 0);
    private static readonly AccountRetention Retention = AccountRetention.For(Standing.StandingRules.Default);

    private static CreatorProfile Profile(EmailPreferences? platform, Instant updatedAt) =>
        new("c-1", "c-1@shop.example", "Creator", null, null, updatedAt, platform);

    [Fact]
    public void Without_choices_the_platforms_preferences_decide_and_everything_when_it_says_nothing()
    {
        Assert.Equal(EmailPreferences.All, CreatorEmailChoices.None.Over(null));
        Assert.Equal(new EmailPreferences(false, true), CreatorEmailChoices.None.Over(new EmailPreferences(false, true)));
    }

    [Fact]
    public void A_kind_the_creator_chose_follows_the_choice_the_other_the_platform()
    {
        var choices = CreatorEmailChoices.None.With(EmailKind.WeeklyReport, false, Now);

        Assert.Equal(new EmailPreferences(false, false), choices.Over(new EmailPreferences(false, true)));
        Assert.Equal(new EmailPreferences(true, false), choices.Over(null));
    }

    [Fact]
    public void Turning_a_kind_back_on_here_outranks_the_platforms_off()
    {
        var choices = CreatorEmailChoices.None.With(EmailKind.MilestoneAlert, true, Now);

        Assert.Equal(new EmailPreferences(true, false), choices.Over(new EmailPreferences(false, false)));
    }

    [Fact]
    public void Workshop_emails_have_no_opt_out()
    {
        Assert.False(CreatorEmailChoices.IsOptional(EmailKind.Workshop));
        Assert.Throws<ArgumentOutOfRangeException>(() => CreatorEmailChoices.None.With(EmailKind.Workshop, false, Now));
    }

    [Fact]
    public void A_later_creator_upserted_keeps_the_creators_own_choice()
    {
        var choices = CreatorEmailChoices.None.With(EmailKind.WeeklyReport, false, Now);
        var account = CreatorAccount.Empty("c-1")
            .Apply(new ProfileUpdated(Profile(null, Now - Duration.FromDays(1)), "evt-1"), Now, Retention);
        account = account with { Profile = account.Profile! with { OwnChoices = choices } };

        // The platform re-sends its copy of the preferences (all on) with a new display name, after the unsubscribe.
        var later = account.Apply(new ProfileUpdated(Profile(EmailPreferences.All, Now + Duration.FromHours(1)) with { DisplayName = "New name" }, "evt-2"), Now, Retention);

        Assert.Equal("New name", later.Profile!.DisplayName);
        Assert.False(later.Profile.Emails.WeeklyReports);
        Assert.True(later.Profile.Emails.MilestoneAlerts);
    }

    [Fact]
    public void The_suppression_rule_reads_the_creators_choice()
    {
        var profile = Profile(EmailPreferences.All, Now) with { OwnChoices = CreatorEmailChoices.None.With(EmailKind.MilestoneAlert, false, Now) };

        Assert.Equal(SuppressionReason.OptedOut, EmailDeliveryRules.Suppression(EmailKind.MilestoneAlert, profile, erased: false));
        Assert.Null(EmailDeliveryRules.Suppression(EmailKind.WeeklyReport, profile, erased: false));
        Assert.Null(EmailDeliveryRules.Suppression(EmailKind.Workshop, profile, erased: false));
    }
}
