using System.Text;

namespace LfRepo.Server.OData;

/// <summary>Absolute URLs built from the incoming request, so they keep its path base (/LFRepositoryAPI or /repository).</summary>
public static class NextLink
{
    /// <summary>
    /// The configured public base URL (<c>LfRepo:PublicBaseUrl</c>) when set, else the request's scheme and host
    /// (which host filtering has checked against <c>AllowedHosts</c>), followed by the request's path base.
    /// </summary>
    public static string Base(HttpRequest request) => string.Concat(Origin(request), request.PathBase.Value);

    /// <summary>
    /// The configured public base URL (<c>LfRepo:PublicBaseUrl</c>, without a trailing slash) when set, else the
    /// request's scheme and host (checked by host filtering against <c>AllowedHosts</c>); no path base.
    /// </summary>
    public static string Origin(HttpRequest request)
    {
        var configured = request.HttpContext.RequestServices.GetRequiredService<Hosting.EmulatorOptions>().PublicBaseUrl;
        return configured.Length > 0 ? configured.TrimEnd('/') : string.Concat(request.Scheme, "://", request.Host.Value);
    }

    /// <summary>The request's own URL with $skip, $top and $skiptoken replaced by the continuation.</summary>
    public static string Build(HttpRequest request, SkipToken token)
    {
        var builder = new StringBuilder(Base(request)).Append(request.Path.Value);
        var separator = '?';
        foreach (var (key, values) in request.Query)
        {
            if (key.Equals("$skip", StringComparison.OrdinalIgnoreCase) ||
                key.Equals("$top", StringComparison.OrdinalIgnoreCase) ||
                key.Equals("$skiptoken", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            foreach (var value in values)
            {
                builder.Append(separator).Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value ?? ""));
                separator = '&';
            }
        }
        builder.Append(separator).Append("$skiptoken=").Append(token.Encode());
        return builder.ToString();
    }
}
