using System.Text;
using System.Web;
using CreatorAccountHealth.Domain.Notifications;
using CreatorAccountHealth.Functions.Identity;
using CreatorAccountHealth.Functions.Links;
using CreatorAccountHealth.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CreatorAccountHealth.Functions.Tests.Links;

public sealed class AccountLinksTests
{
    private const string Key = "account-link-test-secret-0123456789abcdef";
    private const string OldKey = "account-link-old-secret-0123456789abcdefgh";

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    private AccountLinks Links(string keys = Key, string baseUrl = "https://health.example", int days = 14) =>
        new(
            Options.Create(new AppOptions { PublicBaseUrl = baseUrl }),
            Options.Create(new AccountLinkOptions { SigningKeys = keys, LifetimeDays = days }),
            time,
            NullLogger<AccountLinks>.Instance);

    private static string TokenOf(Uri link) => HttpUtility.ParseQueryString(link.Query)[AccountLinks.TokenParameter]!;

    [Fact]
    public async Task A_page_link_is_absolute_under_the_public_base_url_and_names_the_creator_and_target()
    {
        var grant = Links(baseUrl: "https://health.example/").CreateGrant("c-1", "/api/account/quizzes/v-1");

        Assert.Equal("https", grant.Url.Scheme);
        Assert.Equal("health.example", grant.Url.Host);
        Assert.Equal(AccountLinks.EnterPath, grant.Url.AbsolutePath);
        Assert.Equal(time.GetUtcNow().AddDays(14), grant.ExpiresAt);
        var check = Assert.IsType<LinkTokenCheck.Valid>(await Links().VerifyAsync(TokenOf(grant.Url), LinkPurpose.Account));
        Assert.Equal(("c-1", "/api/account/quizzes/v-1", LinkPurpose.Account), (check.CreatorId, check.Target, check.Purpose));
    }

    [Fact]
    public async Task The_default_target_is_the_page()
    {
        var check = Assert.IsType<LinkTokenCheck.Valid>(await Links().VerifyAsync(TokenOf(Links().PageLink("c-1")), LinkPurpose.Account));

        Assert.Equal(AccountLinks.DefaultTarget, check.Target);
    }

    [Fact]
    public async Task A_base_url_with_a_path_keeps_it()
    {
        var link = Links(baseUrl: "https://platform.example/health").UnsubscribeLink("c-1", EmailKind.WeeklyReport);

        Assert.Equal("/health" + AccountLinks.UnsubscribePath, link.AbsolutePath);
        Assert.IsType<LinkTokenCheck.Valid>(await Links().VerifyAsync(TokenOf(link), LinkPurpose.Unsubscribe));
    }

    [Fact]
    public async Task A_link_expires_after_the_lifetime_on_the_injected_clock()
    {
        var token = TokenOf(Links(days: 3).PageLink("c-1"));

        time.Advance(TimeSpan.FromDays(3) - TimeSpan.FromSeconds(1));
        Assert.IsType<LinkTokenCheck.Valid>(await Links().VerifyAsync(token, LinkPurpose.Account));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.IsType<LinkTokenCheck.Expired>(await Links().VerifyAsync(token, LinkPurpose.Account));
    }

    [Fact]
    public async Task An_unsubscribe_link_lasts_the_unsubscribe_lifetime_and_names_its_kind()
    {
        var token = TokenOf(Links(days: 3).UnsubscribeLink("c-1", EmailKind.MilestoneAlert));

        time.Advance(TimeSpan.FromDays(59));
        var check = Assert.IsType<LinkTokenCheck.Valid>(await Links().VerifyAsync(token, LinkPurpose.Unsubscribe));
        Assert.Equal(EmailKind.MilestoneAlert, check.Kind);
        time.Advance(TimeSpan.FromDays(1));
        Assert.IsType<LinkTokenCheck.Expired>(await Links().VerifyAsync(token, LinkPurpose.Unsubscribe));
    }

    [Fact]
    public async Task A_token_is_refused_for_the_other_purpose()
    {
        var links = Links();

        Assert.IsType<LinkTokenCheck.Invalid>(await links.VerifyAsync(TokenOf(links.UnsubscribeLink("c-1", EmailKind.WeeklyReport)), LinkPurpose.Account));
        Assert.IsType<LinkTokenCheck.Invalid>(await links.VerifyAsync(TokenOf(links.PageLink("c-1")), LinkPurpose.Unsubscribe));
    }

    [Fact]
    public async Task A_token_signed_with_another_key_or_altered_is_invalid_never_expired()
    {
        var forged = TokenOf(Links(keys: "someone-elses-secret-0123456789abcdefghij").PageLink("c-1"));
        var genuine = TokenOf(Links().PageLink("c-1"));
        var parts = genuine.Split('.');
        var otherCreator = Base64UrlEncoder.Encode(Base64UrlEncoder.Decode(parts[1]).Replace("\"c-1\"", "\"c-2\"", StringComparison.Ordinal));

        Assert.IsType<LinkTokenCheck.Invalid>(await Links().VerifyAsync(forged, LinkPurpose.Account));
        Assert.IsType<LinkTokenCheck.Invalid>(await Links().VerifyAsync($"{parts[0]}.{otherCreator}.{parts[2]}", LinkPurpose.Account));
        Assert.IsType<LinkTokenCheck.Invalid>(await Links().VerifyAsync("not-a-token", LinkPurpose.Account));
        Assert.IsType<LinkTokenCheck.Invalid>(await Links().VerifyAsync("", LinkPurpose.Account));
        Assert.IsType<LinkTokenCheck.Invalid>(await Links().VerifyAsync(new string('a', 5000), LinkPurpose.Account));

        // Past its expiry a forged token is still "invalid": only a genuine token is ever told it expired.
        time.Advance(TimeSpan.FromDays(30));
        Assert.IsType<LinkTokenCheck.Invalid>(await Links().VerifyAsync(forged, LinkPurpose.Account));
        Assert.IsType<LinkTokenCheck.Expired>(await Links().VerifyAsync(genuine, LinkPurpose.Account));
    }

    [Fact]
    public async Task An_unsigned_token_is_refused()
    {
        var genuine = TokenOf(Links().PageLink("c-1")).Split('.');
        var none = Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"account-link+jwt\"}");

        Assert.IsType<LinkTokenCheck.Invalid>(await Links().VerifyAsync($"{none}.{genuine[1]}.", LinkPurpose.Account));
    }

    [Fact]
    public async Task A_creator_bearer_token_is_not_a_link_even_under_the_same_secret()
    {
        var bearer = CallerTokens.Mint(new TokenSpec { Subject = "c-1", Credentials = CallerTokens.Hs256(Key) }, time.GetUtcNow());

        Assert.IsType<LinkTokenCheck.Invalid>(await Links().VerifyAsync(bearer, LinkPurpose.Account));
    }

    [Fact]
    public async Task Rotation_the_first_key_signs_every_key_verifies()
    {
        var before = TokenOf(Links(keys: OldKey).PageLink("c-1"));
        var rotated = Links(keys: $"{Key},{OldKey}");
        var after = TokenOf(rotated.PageLink("c-1"));

        Assert.IsType<LinkTokenCheck.Valid>(await rotated.VerifyAsync(before, LinkPurpose.Account));
        Assert.IsType<LinkTokenCheck.Valid>(await Links(keys: Key).VerifyAsync(after, LinkPurpose.Account));
        Assert.IsType<LinkTokenCheck.Invalid>(await Links(keys: OldKey).VerifyAsync(after, LinkPurpose.Account));
    }

    [Theory]
    [InlineData("/api/account")]
    [InlineData("/api/account/quizzes/v-1")]
    [InlineData("/api/account/quizzes/v%20one")]
    [InlineData("/api/account/preferences")]
    [InlineData("/api/account#preferences")]
    [InlineData("/api/account#workshop-trn-0f1e")]
    [InlineData("/api/account/reports/weekly-2026-11-16-2026-11-22?view=full")]
    public void Targets_are_local_paths_under_the_page(string path) => Assert.True(AccountLinks.IsAccountPath(path));

    [Theory]
    [InlineData("")]
    [InlineData("https://evil.example/api/account")]
    [InlineData("//evil.example/api/account")]
    [InlineData("/api/accounts")]
    [InlineData("/api/account/../creators/c-2/standing")]
    [InlineData("/api/account/%2e%2e/admin")]
    [InlineData("/api/account/quizzes/v%2F1")]
    [InlineData("/api/account//evil.example")]
    [InlineData("/api/account\\evil")]
    [InlineData("/api/account#")]
    [InlineData("/api/account#<script>")]
    [InlineData("/api/account#a/b")]
    [InlineData("/api/creators/c-1/standing")]
    public void Anything_else_is_not_a_target(string path)
    {
        Assert.False(AccountLinks.IsAccountPath(path));
        Assert.Throws<ArgumentException>(() => Links().CreateGrant("c-1", path));
    }

    [Fact]
    public void Workshop_emails_have_no_unsubscribe_link() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Links().UnsubscribeLink("c-1", EmailKind.Workshop));

    [Theory]
    [InlineData("", false, "App__PublicBaseUrl must be the absolute URL")]
    [InlineData("localhost:7071", false, "not an absolute http(s) URL")]
    [InlineData("ftp://health.example", false, "not an absolute http(s) URL")]
    [InlineData("https://health.example/?a=b", false, "plain base URL")]
    [InlineData("http://health.example", true, "must use https")]
    public void A_bad_public_base_url_is_named(string value, bool production, string expected)
    {
        var problems = new AppOptions { PublicBaseUrl = value }.Problems(production).ToList();

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Http_is_fine_outside_production() =>
        Assert.Empty(new AppOptions { PublicBaseUrl = AppOptions.LocalDefault }.Problems());

    [Fact]
    public void Bad_link_settings_are_named()
    {
        Assert.Contains(new AccountLinkOptions().Problems(), p => p.StartsWith("AccountLinks__SigningKeys must list", StringComparison.Ordinal));
        Assert.Contains(new AccountLinkOptions { SigningKeys = $"{Key},short" }.Problems(), p => p.Contains("secret 2 of 2 is shorter than 32 bytes", StringComparison.Ordinal));
        Assert.Contains(new AccountLinkOptions { SigningKeys = "@Microsoft.KeyVault(SecretUri=https://kv/secrets/x)" }.Problems(), p => p.Contains("unresolved Key Vault reference", StringComparison.Ordinal));
        Assert.Contains(new AccountLinkOptions { SigningKeys = AccountLinkOptions.SampleSigningKey }.Problems(production: true), p => p.Contains("development secret", StringComparison.Ordinal));
        Assert.Contains(new AccountLinkOptions { SigningKeys = Key, LifetimeDays = 0 }.Problems(), p => p.StartsWith("AccountLinks__LifetimeDays", StringComparison.Ordinal));
        Assert.Contains(new AccountLinkOptions { SigningKeys = Key, UnsubscribeLifetimeDays = 7 }.Problems(), p => p.StartsWith("AccountLinks__UnsubscribeLifetimeDays", StringComparison.Ordinal));
        Assert.Empty(new AccountLinkOptions { SigningKeys = Key }.Problems());
    }
}

public sealed class AppealOptionsTests
{
    [Fact]
    public void The_violation_id_is_url_escaped_into_the_template()
    {
        var appeals = new AppealOptions { UrlTemplate = "https://platform.example/appeals/{violationId}?from=email" };

        Assert.Equal("https://platform.example/appeals/v%2F1%3Fx%3D1%23y?from=email", appeals.UrlFor("v/1?x=1#y"));
        Assert.Empty(appeals.Problems(production: true));
    }

    [Theory]
    [InlineData("", "must be the platform's appeal URL with {violationId}")]
    [InlineData("https://platform.example/appeals", "must be the platform's appeal URL with {violationId}")]
    [InlineData("platform.example/appeals/{violationId}", "not an absolute http(s) URL")]
    [InlineData("https://{violationId}.example/appeal", "not an absolute http(s) URL")]
    public void A_bad_template_is_named(string template, string expected) =>
        Assert.Contains(new AppealOptions { UrlTemplate = template }.Problems(), p => p.Contains(expected, StringComparison.Ordinal));

    [Fact]
    public void Plain_http_is_refused_in_production() =>
        Assert.Contains(new AppealOptions { UrlTemplate = "http://platform.example/appeals/{violationId}" }.Problems(production: true), p => p.Contains("https", StringComparison.Ordinal));
}
