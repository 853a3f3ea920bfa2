using Microsoft.AspNetCore.Http;

namespace BitsLite.Server.Endpoints;

/// <summary>The file name a request's URL gives, below the endpoint's pattern.</summary>
internal static class RequestNames
{
    public const string RouteValue = "name";

    /// <summary>
    /// The catch-all route value, which ASP.NET Core has already percent-decoded except for %2F (kept so that an encoded
    /// slash can be told from a real one). Here it becomes a slash again, so that "..%2Fx" is refused like "../x".
    /// </summary>
    public static string FromRoute(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var value = context.Request.RouteValues[RouteValue] as string ?? "";
        return value.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
    }
}
