using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace CreatorAccountHealth.Functions.Http;

/// <summary>Who may call a route.</summary>
public enum RouteAccess
{
    /// <summary>Anyone: the function authenticates its caller itself (the webhook's HMAC) or serves nothing private.</summary>
    Public,

    /// <summary><c>creators/{creatorId}/...</c>: a bearer token whose <c>sub</c> is that creator.</summary>
    Creator,

    /// <summary><c>admin/...</c>: a bearer token holding the admin role.</summary>
    Admin,

    /// <summary>
    /// <c>account/...</c>: the creator's own Account Standing page. The caller is whoever the session cookie or a creator
    /// bearer token names (no creator id in the URL); answers are HTML, refusals friendly pages.
    /// </summary>
    CreatorPage,
}

/// <summary>
/// Marks an HTTP function that anyone may call, with the reason. Every other route must be a creator or an admin route:
/// a route that is neither stops the app at start-up.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PublicEndpointAttribute(string why) : Attribute
{
    public string Why { get; } = why;
}

public sealed record HttpRoute(string FunctionName, string Template, RouteAccess Access)
{
    /// <summary>A route of the creator's page (the page itself, its forms, the link exchange): answered in HTML, errors included.</summary>
    public bool IsPage => HttpRoutes.IsPageTemplate(Template);
}

/// <summary>
/// Every HTTP function of the app with its access, decided from its route template, so a route added under
/// <c>creators/{creatorId}</c> or the admin area is guarded with no extra step.
/// </summary>
public sealed class HttpRoutes
{
    /// <summary>Admin routes are declared <c>{area:regex(^admin$)}/...</c>: the host refuses templates starting with "admin".</summary>
    public const string AdminPrefix = "{area:regex(^admin$)}";

    public const string CreatorPrefix = "creators/{creatorId}";

    /// <summary>The creator's Account Standing page and everything under it.</summary>
    public const string PagePrefix = "account";

    private readonly Dictionary<string, HttpRoute> byFunction;

    public HttpRoutes(IEnumerable<HttpRoute> routes) => byFunction = routes.ToDictionary(r => r.FunctionName, StringComparer.Ordinal);

    public IReadOnlyCollection<HttpRoute> All => byFunction.Values;

    /// <summary>The app's routes, read from its <c>[Function]</c> methods.</summary>
    /// <exception cref="InvalidOperationException">A route is neither a creator route, an admin route nor <see cref="PublicEndpointAttribute"/>.</exception>
    public static HttpRoutes Of(Assembly assembly) =>
        new(
            from type in assembly.GetTypes()
            from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            let function = method.GetCustomAttribute<FunctionAttribute>()
            let trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(t => t is not null)
            where function is not null && trigger is not null
            let template = (trigger.Route ?? function.Name).Trim('/')
            select new HttpRoute(function.Name, template, AccessOf(function.Name, template, method)));

    public HttpRoute? Find(string functionName) => byFunction.GetValueOrDefault(functionName);

    public static RouteAccess AccessOf(string functionName, string template, MethodInfo method)
    {
        if (StartsWithSegment(template, AdminPrefix) || StartsWithSegment(template, "admin"))
        {
            return RouteAccess.Admin;
        }

        if (StartsWithSegment(template, CreatorPrefix))
        {
            return RouteAccess.Creator;
        }

        // The page's routes are the creator's own unless one says why anyone may call it (the signed-link exchange).
        if (IsPageTemplate(template) && method.GetCustomAttribute<PublicEndpointAttribute>() is null)
        {
            return RouteAccess.CreatorPage;
        }

        return method.GetCustomAttribute<PublicEndpointAttribute>() is not null
            ? RouteAccess.Public
            : throw new InvalidOperationException(
                $"Function '{functionName}' (route '{template}') is neither a creator route ({CreatorPrefix}/...), an admin route ({AdminPrefix}/...), a page route ({PagePrefix}/...) "
                + $"nor marked [{nameof(PublicEndpointAttribute)[..^"Attribute".Length]}]: every HTTP route must say who may call it.");
    }

    public static bool IsPageTemplate(string template) => StartsWithSegment(template, PagePrefix);

    private static bool StartsWithSegment(string template, string prefix) =>
        template.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && (template.Length == prefix.Length || template[prefix.Length] == '/');
}
