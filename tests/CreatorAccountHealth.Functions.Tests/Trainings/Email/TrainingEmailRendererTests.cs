using CreatorAccountHealth.Functions.Trainings;
using CreatorAccountHealth.Functions.Trainings.Email;
using NodaTime;

namespace CreatorAccountHealth.Functions.Tests.Trainings.Email;

/// <summary>The training email templates: what each kind tells the creator, in the workshop's local time, escaped.</summary>
public sealed class TrainingEmailRendererTests
{
    private static readonly CalendarPerson Organizer = new("trainings@creator-platform.example", "Creator Account Health");
    private readonly TrainingEmailRenderer renderer = new();

    private TrainingEmail Render(TrainingEmailKind kind, TrainingSnapshot? training = null, string displayName = SampleTrainings.DisplayName, Instant? decidedAt = null) =>
        renderer.Render(SampleTrainings.Message(kind, training, decidedAt: decidedAt), SampleTrainings.Profile(displayName: displayName), Organizer);

    public static TheoryData<TrainingEmailKind, string, string> Subjects => new()
    {
        { TrainingEmailKind.Invitation, "You're invited: Selling live, safely in Berlin, 20 March 2027", "training-invitation" },
        { TrainingEmailKind.SeatConfirmed, "You have a seat: Selling live, safely, 20 March 2027", "training-seat-confirmed" },
        { TrainingEmailKind.Updated, "Updated: Selling live, safely, 20 March 2027", "training-updated" },
        { TrainingEmailKind.Cancelled, "Cancelled: Selling live, safely, 20 March 2027", "training-cancelled" },
    };

    [Theory]
    [MemberData(nameof(Subjects))]
    public void Each_kind_has_its_subject_and_category(TrainingEmailKind kind, string subject, string category)
    {
        var email = Render(kind);

        Assert.Equal(subject, email.Subject);
        Assert.Equal(category, email.Category);
        Assert.Contains($"<title>{subject.Replace("'", "&#x27;", StringComparison.Ordinal)}</title>", email.Html);
        Assert.StartsWith(subject + "\n", email.Text.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData(TrainingEmailKind.Invitation)]
    [InlineData(TrainingEmailKind.SeatConfirmed)]
    [InlineData(TrainingEmailKind.Updated)]
    public void Every_email_about_a_workshop_that_takes_place_gives_the_details_in_local_time(TrainingEmailKind kind)
    {
        var email = Render(kind);

        foreach (var body in new[] { email.Text, email.Html })
        {
            Assert.Contains("Hi Maya Chen,", body);
            Assert.Contains("Saturday, 20 March 2027, 10:00 to 16:00 CET", body);
            Assert.Contains("Local time at the venue (Europe/Berlin)", body);
            Assert.Contains("Creator Space, Torstraße 1", body);
            Assert.Contains("14:00 Meet the teams", body);
            Assert.Contains("Dangerous acts, Product claims", body);
            Assert.Contains("Creator management", body);
            Assert.Contains("3 mock livestream sessions of 15 minutes each", body);
            Assert.Contains("invite.ics", body);
            Assert.Contains(email.EmailId, body);
        }

        Assert.Contains("- Policy: Dangerous acts, Product claims", email.Text);
        Assert.Contains("- Creator management\n", email.Text.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void An_invitation_says_how_to_answer_and_until_when()
    {
        var email = Render(TrainingEmailKind.Invitation);

        foreach (var body in new[] { email.Text, email.Html })
        {
            Assert.Contains("You're invited to an in-person workshop", body);
            Assert.Contains("Accept or decline in the Trainings section", body);
            Assert.Contains("join the waitlist", body);
            Assert.Contains("Registration closes on Thursday, 18 March 2027 at 10:00 CET.", body);
        }
    }

    [Fact]
    public void An_invitation_sent_after_the_deadline_says_registration_has_closed()
    {
        var email = Render(TrainingEmailKind.Invitation, decidedAt: Instant.FromUtc(2027, 3, 18, 9, 0));

        Assert.Contains("Registration closed on Thursday, 18 March 2027 at 10:00 CET.", email.Text);
        Assert.DoesNotContain("Registration closes", email.Text);
    }

    [Fact]
    public void A_seat_confirmation_says_the_creator_has_a_seat_and_what_comes_next()
    {
        var email = Render(TrainingEmailKind.SeatConfirmed);

        Assert.Contains("a seat freed up and you have a seat at this workshop", email.Text);
        Assert.Contains("<strong>you have a seat</strong>", email.Html);
        Assert.Contains("Book your mock livestream slot", email.Text);
        Assert.DoesNotContain("Accept or decline", email.Text);
    }

    [Fact]
    public void An_update_shows_the_new_details()
    {
        var moved = SampleTrainings.Berlin(revision: 2) with
        {
            Venue = "Kulturbrauerei, Schönhauser Allee 36",
            StartsAt = Instant.FromUtc(2027, 3, 21, 12, 0),
            EndsAt = Instant.FromUtc(2027, 3, 21, 17, 30),
        };

        var email = Render(TrainingEmailKind.Updated, moved);

        Assert.Contains("This workshop has changed. Here are the new details", email.Text);
        Assert.Contains("Sunday, 21 March 2027, 13:00 to 18:30 CET", email.Text);
        Assert.Contains("Kulturbrauerei, Schönhauser Allee 36, Berlin", email.Text);
        Assert.Contains("Updated: Selling live, safely, 21 March 2027", email.Subject);
    }

    [Fact]
    public void A_cancellation_says_so_and_leaves_out_what_no_longer_matters()
    {
        var email = Render(TrainingEmailKind.Cancelled);

        Assert.Contains("this workshop has been cancelled", email.Text);
        Assert.Contains("Selling live, safely (CANCELLED)", email.Text);
        Assert.Contains("<s>Selling live, safely</s>", email.Html);
        Assert.Contains("cancel.ics", email.Text);
        foreach (var body in new[] { email.Text, email.Html })
        {
            Assert.DoesNotContain("Registration closes", body);
            Assert.DoesNotContain("mock livestream sessions", body);
            Assert.DoesNotContain("Teams on site", body, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void A_workshop_across_a_daylight_saving_change_names_the_zone_at_each_end()
    {
        var training = SampleTrainings.Berlin() with { StartsAt = Instant.FromUtc(2027, 3, 28, 0, 30), EndsAt = Instant.FromUtc(2027, 3, 28, 2, 30) };

        Assert.Contains("Sunday, 28 March 2027, 01:30 CET to 04:30 CEST", Render(TrainingEmailKind.Invitation, training).Text);
    }

    [Fact]
    public void A_workshop_over_two_days_gives_both_dates_and_one_session_reads_naturally()
    {
        var training = SampleTrainings.Berlin() with
        {
            EndsAt = Instant.FromUtc(2027, 3, 21, 15, 0),
            MockLivestreamSlotCount = 1,
            MockLivestreamSlotMinutes = 1,
            Teams = [],
            Agenda = null,
        };

        var email = Render(TrainingEmailKind.Invitation, training);

        Assert.Contains("Saturday, 20 March 2027 at 10:00 CET to Sunday, 21 March 2027 at 16:00 CET", email.Text);
        Assert.Contains("1 mock livestream session of 1 minute.", email.Text);
        Assert.DoesNotContain("AGENDA", email.Text);
        Assert.DoesNotContain("TEAMS ON SITE", email.Text);
    }

    [Fact]
    public void Values_from_outside_are_escaped_in_the_html_and_kept_as_written_in_the_text()
    {
        const string hostile = "<script>alert(1)</script> & \"Co\"";
        var training = SampleTrainings.Berlin(title: hostile) with
        {
            Venue = "<img src=x onerror=alert(2)>",
            Agenda = "<b>bold</b>",
            Teams = [new TrainingTeamSnapshot("<i>Policy</i>", ["<a href='javascript:alert(3)'>x</a>"])],
        };

        var email = Render(TrainingEmailKind.Invitation, training, displayName: hostile);

        Assert.DoesNotContain("<script", email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>bold", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>Policy", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<a href='javascript", email.Html, StringComparison.Ordinal);
        Assert.Contains("Hi &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;,", email.Html);
        Assert.Contains("&lt;img src=x onerror=alert(2)&gt;", email.Html);
        Assert.Contains($"Hi {hostile},", email.Text);
        Assert.Contains("Where: <img src=x onerror=alert(2)>, Berlin", email.Text);
    }

    [Fact]
    public void A_title_with_line_breaks_stays_on_one_line_in_the_subject()
    {
        var email = Render(TrainingEmailKind.Invitation, SampleTrainings.Berlin(title: "Live\r\nBcc: someone@example.com"));

        Assert.Equal("You're invited: Live Bcc: someone@example.com in Berlin, 20 March 2027", email.Subject);
    }
}
