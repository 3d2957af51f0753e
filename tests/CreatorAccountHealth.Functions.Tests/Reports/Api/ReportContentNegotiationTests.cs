using CreatorAccountHealth.Functions.Reports.Api;
using Microsoft.Extensions.Primitives;

namespace CreatorAccountHealth.Functions.Tests.Reports.Api;

public sealed class ReportContentNegotiationTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("*/*")]
    [InlineData("application/json")]
    [InlineData("application/*")]
    [InlineData("application/json, text/html")]
    [InlineData("text/html, application/json")]
    [InlineData("text/html;q=0.5, application/json")]
    [InlineData("text/html;q=0.5, */*")]
    [InlineData("text/html;q=0, */*")]
    [InlineData("APPLICATION/JSON; charset=utf-8")]
    [InlineData("not a media type;;")]
    public void These_get_JSON(string? accept) => Assert.Equal(ReportFormat.Json, ReportContentNegotiation.Negotiate(accept));

    [Theory]
    [InlineData("text/html")]
    [InlineData("text/*")]
    [InlineData("text/html;q=0.9, application/json;q=0.5")]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")]
    [InlineData("text/html, */*")]
    [InlineData("application/json;q=0, */*")]
    [InlineData("Text/HTML")]
    public void These_get_HTML(string accept) => Assert.Equal(ReportFormat.Html, ReportContentNegotiation.Negotiate(accept));

    [Theory]
    [InlineData("application/xml")]
    [InlineData("image/png, text/plain")]
    [InlineData("text/html;q=0")]
    [InlineData("*/*;q=0")]
    [InlineData("application/json;q=0, text/html;q=0, */*")]
    public void These_accept_neither(string accept) => Assert.Null(ReportContentNegotiation.Negotiate(accept));

    [Fact]
    public void Several_accept_headers_are_read_as_one_list() =>
        Assert.Equal(ReportFormat.Html, ReportContentNegotiation.Negotiate(new StringValues(["application/json;q=0.2", "text/html"])));
}
