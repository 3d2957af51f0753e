using System.Linq.Expressions;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using CreatorAccountHealth.Functions.Account;
using CreatorAccountHealth.Functions.Identity;
using CreatorAccountHealth.Functions.Tests.Integration;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace CreatorAccountHealth.Functions.Tests.Account;

/// <summary>
/// A browser (session cookie) or an embedding app (bearer token) on the creator's page, through the harness's one call
/// path (<see cref="AppHarness.InvokeAsync{TFunction}(HttpContext, Expression{Func{TFunction, HttpRequest, Task{IActionResult}}}, TFunction)"/>):
/// gate, anti-forgery check and contract check included. Pages are read with AngleSharp, as a browser parses them.
/// </summary>
public sealed class PageClient(AppHarness app, string? cookie = null, string? bearer = null)
{
    public AppHarness App { get; } = app;

    public string? Cookie { get; } = cookie;

    /// <summary>A browser signed in as <paramref name="creatorId"/> (the cookie the link exchange sets).</summary>
    public static PageClient Session(AppHarness app, string creatorId) =>
        new(app, cookie: app.Services.GetRequiredService<PageSessions>().Issue(creatorId).Value);

    public static PageClient Bearer(AppHarness app, string token) => new(app, bearer: token);

    public static PageClient Anonymous(AppHarness app) => new(app);

    public Task<AppHarness.Response> GetAsync(Expression<Func<AccountPageFunctions, HttpRequest, Task<IActionResult>>> call, string query = "") =>
        App.InvokeAsync(Request(HttpMethods.Get, query: query), call);

    /// <summary>Posts a form as the page's form would (urlencoded, with whatever fields are given).</summary>
    public Task<AppHarness.Response> PostAsync(Expression<Func<AccountPageFunctions, HttpRequest, Task<IActionResult>>> call, params (string Name, string Value)[] fields) =>
        App.InvokeAsync(Request(HttpMethods.Post, fields), call);

    public Task<AppHarness.Response> OverviewAsync(string query = "") => GetAsync((f, r) => f.Overview(r, CancellationToken.None), query);

    public HttpContext Request(string method, (string Name, string Value)[]? form = null, string query = "")
    {
        var body = form is null ? null : Encoding.UTF8.GetBytes(string.Join('&', form.Select(f => Uri.EscapeDataString(f.Name) + "=" + Uri.EscapeDataString(f.Value))));
        var context = App.Request(method, body);
        context.Request.ContentType = form is null ? null : "application/x-www-form-urlencoded";
        context.Request.QueryString = new QueryString(query);
        context.Request.Host = new HostString("localhost", 7071);
        if (Cookie is not null)
        {
            context.Request.Headers.Cookie = $"{PageSessions.CookieName}={Cookie}";
        }

        if (bearer is not null)
        {
            context.Request.Headers.Authorization = "Bearer " + bearer;
        }

        return context;
    }

    public static IDocument Html(AppHarness.Response response)
    {
        Assert.StartsWith("text/html", response.ContentType);
        return new HtmlParser().ParseDocument(response.Body);
    }

    /// <summary>The anti-forgery token of the page's first form.</summary>
    public static string Csrf(IDocument page) =>
        page.QuerySelector("form input[name=csrf]")?.GetAttribute("value") ?? throw new InvalidOperationException("The page has no form with an anti-forgery token.");

    /// <summary>The page's main text with whitespace collapsed, for reading sentences.</summary>
    public static string Text(IDocument page, string selector = "main") =>
        string.Join(' ', (page.QuerySelector(selector)?.TextContent ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
