using System.Collections.Frozen;
using System.Security.Cryptography;

namespace LfRepo.Server.Browser;

/// <summary>
/// The repository browser: static files embedded in the server and served without a token at <c>/</c>,
/// <c>/index.html</c> and <c>/app/…</c>. The page signs in and works through the public API like any client;
/// every other path keeps its behaviour.
/// </summary>
public static class BrowserPages
{
    private const string ResourcePrefix = "LfRepo.Server.Browser.Site/";

    // Scripts and styles come from this server only; page images are blob: URLs made from API responses.
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' blob: data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private sealed record Asset(byte[] Content, string ContentType, string ETag);

    private static readonly Lazy<FrozenDictionary<string, Asset>> Assets = new(LoadAssets);

    /// <summary>Serves the browser's files for GET (and HEAD, answered as GET) of its paths; anything else passes on.</summary>
    public static WebApplication UseBrowserPages(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsGet(context.Request.Method) || context.Request.PathBase.HasValue ||
                FileFor(context.Request.Path.Value) is not { } name || !Assets.Value.TryGetValue(name, out var asset))
            {
                await next(context);
                return;
            }
            var response = context.Response;
            response.ContentType = asset.ContentType;
            response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            response.Headers.CacheControl = "no-cache";
            response.Headers.ETag = asset.ETag;
            response.Headers["Referrer-Policy"] = "no-referrer";
            if (context.Request.Headers.IfNoneMatch == asset.ETag)
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
            response.ContentLength = asset.Content.Length;
            await response.Body.WriteAsync(asset.Content, context.RequestAborted);
        });
        return app;
    }

    /// <summary>The embedded file a path names: <c>/</c> and <c>/index.html</c> the page, <c>/app/x</c> the file x.</summary>
    internal static string? FileFor(string? path) => path switch
    {
        "/" or "/index.html" => "index.html",
        _ when path is not null && path.StartsWith("/app/", StringComparison.Ordinal) && path.Length > 5 => path[5..],
        _ => null,
    };

    private static FrozenDictionary<string, Asset> LoadAssets()
    {
        var assembly = typeof(BrowserPages).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var name = resource[ResourcePrefix.Length..];
            if (!ContentTypes.TryGetValue(Path.GetExtension(name), out var contentType))
            {
                continue;
            }
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 12)) + "\"";
            assets[name] = new Asset(content, contentType, etag);
        }
        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
