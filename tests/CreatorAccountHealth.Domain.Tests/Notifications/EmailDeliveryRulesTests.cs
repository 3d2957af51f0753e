using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Notifications;
using NodaTime;

namespace CreatorAccountHealth.Domain.Tests.Notifications;

public class EmailDeliveryRulesTests
{
    private static readonly Instant Now = Instant.FromUtc(2027, 2, 8, 6, 0);

    private static CreatorProfile Profile(string email = "maya@example.com", EmailPreferences? preferences = null) =>
        new("creator-1", email, "Maya", "en-GB", "UTC", Now, preferences);

    [Theory]
    [InlineData(DeliveryStatus.Sent)]
    [InlineData(DeliveryStatus.Refused)]
    [InlineData(DeliveryStatus.Suppressed)]
    public void A_settled_email_is_never_claimed_again(DeliveryStatus status)
    {
        Assert.Equal(new ClaimDecision.Settled(status), EmailDeliveryRules.Decide(new DeliveryState(status, 1, null, null), "me", Now));
    }

    [Fact]
    public void Another_deliverys_live_lease_holds_the_email_until_it_ends_and_not_a_second_longer()
    {
        var held = new DeliveryState(DeliveryStatus.Sending, 1, "other", Now + Duration.FromMinutes(5));

        Assert.Equal(new ClaimDecision.Held(Now + Duration.FromMinutes(5)), EmailDeliveryRules.Decide(held, "me", Now));
        Assert.IsType<ClaimDecision.Claim>(EmailDeliveryRules.Decide(held, "me", Now + Duration.FromMinutes(5)));
        Assert.IsType<ClaimDecision.Claim>(EmailDeliveryRules.Decide(held, "other", Now)); // its own lease
    }

    [Theory]
    [InlineData(DeliveryStatus.Pending)]
    [InlineData(DeliveryStatus.Failed)]
    public void A_pending_or_failed_email_is_free_to_claim(DeliveryStatus status)
    {
        Assert.IsType<ClaimDecision.Claim>(EmailDeliveryRules.Decide(new DeliveryState(status, 3, null, null), "me", Now));
        Assert.IsType<ClaimDecision.Claim>(EmailDeliveryRules.Decide(null, "me", Now));
    }

    [Fact]
    public void Only_a_re_drive_tries_a_refused_email_again_never_a_sent_or_suppressed_one()
    {
        Assert.IsType<ClaimDecision.Claim>(EmailDeliveryRules.Decide(new DeliveryState(DeliveryStatus.Refused, 1, null, null), "me", Now, retryRefused: true));
        Assert.IsType<ClaimDecision.Settled>(EmailDeliveryRules.Decide(new DeliveryState(DeliveryStatus.Sent, 1, null, null), "me", Now, retryRefused: true));
        Assert.IsType<ClaimDecision.Settled>(EmailDeliveryRules.Decide(new DeliveryState(DeliveryStatus.Suppressed, 1, null, null), "me", Now, retryRefused: true));
    }

    [Fact]
    public void Each_kind_has_its_own_opt_out_and_workshop_emails_have_none()
    {
        var noAlerts = Profile(preferences: new EmailPreferences(MilestoneAlerts: false, WeeklyReports: true));
        var noReports = Profile(preferences: new EmailPreferences(MilestoneAlerts: true, WeeklyReports: false));
        var none = Profile(preferences: new EmailPreferences(false, false));

        Assert.Equal(SuppressionReason.OptedOut, EmailDeliveryRules.Suppression(EmailKind.MilestoneAlert, noAlerts, erased: false));
        Assert.Null(EmailDeliveryRules.Suppression(EmailKind.WeeklyReport, noAlerts, erased: false));
        Assert.Equal(SuppressionReason.OptedOut, EmailDeliveryRules.Suppression(EmailKind.WeeklyReport, noReports, erased: false));
        Assert.Null(EmailDeliveryRules.Suppression(EmailKind.Workshop, none, erased: false));
    }

    [Fact]
    public void No_profile_or_a_blank_address_is_no_address_and_erasure_wins_over_everything()
    {
        Assert.Equal(SuppressionReason.NoAddress, EmailDeliveryRules.Suppression(EmailKind.Workshop, null, erased: false));
        Assert.Equal(SuppressionReason.NoAddress, EmailDeliveryRules.Suppression(EmailKind.MilestoneAlert, Profile(email: " "), erased: false));
        Assert.Equal(SuppressionReason.Erased, EmailDeliveryRules.Suppression(EmailKind.MilestoneAlert, Profile(), erased: true));
        Assert.Equal("the creator opted out of weekly report emails", EmailDeliveryRules.Describe(SuppressionReason.OptedOut, EmailKind.WeeklyReport));
    }
}
