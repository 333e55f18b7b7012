using System.Net;

namespace LfRepo.Server.Hosting;

/// <summary>
/// What LfRepo shows to the network: security headers on every response, CORS for the configured origins only, no
/// Server header, and no start on a non-loopback address with the default password unless told to.
/// </summary>
public static class ExposureExtensions
{
    private static readonly string[] ExposedHeaders = ["Location", "ETag", "Retry-After", "Content-Disposition", "X-RequestId", "X-APIServer-Error"];

    public static WebApplicationBuilder AddExposureRules(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        var origins = (builder.Configuration[EmulatorOptions.Section + ":" + nameof(EmulatorOptions.CorsOrigins)] ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        builder.Services.AddCors(o => o.AddDefaultPolicy(policy =>
        {
            if (origins.Length > 0)
            {
                policy.WithOrigins(origins).AllowAnyHeader().AllowAnyMethod().WithExposedHeaders(ExposedHeaders);
            }
        }));
        return builder;
    }

    /// <summary>
    /// nosniff and a deny-all frame policy, which every response carries, errors included: the problem middleware sets
    /// them when a request comes in and again when it clears a response to answer with a problem.
    /// </summary>
    public static void ApplySecurityHeaders(IHeaderDictionary headers)
    {
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = "frame-ancestors 'none'";
    }

    /// <summary>Cross-origin requests from <c>LfRepo:CorsOrigins</c> (<c>--cors-origins</c>); none when it is empty.</summary>
    public static WebApplication UseConfiguredCors(this WebApplication app)
    {
        if (app.Services.GetRequiredService<EmulatorOptions>().CorsOrigins.Length > 0)
        {
            app.UseCors();
        }
        return app;
    }

    /// <summary>
    /// The addresses the server will listen on that other machines can reach: from <c>urls</c> (--urls,
    /// ASPNETCORE_URLS), <c>http_ports</c>/<c>https_ports</c> (which bind every address) and Kestrel endpoints.
    /// </summary>
    public static IReadOnlyList<string> NonLoopbackAddresses(IConfiguration configuration)
    {
        var urls = (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>())
            .Concat(new[] { "http_ports", "https_ports" }.SelectMany(key =>
                (configuration[key] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(port => $"http://*:{port}")));
        return [.. urls.Where(url => !IsLoopback(url))];
    }

    public static bool IsLoopback(string url)
    {
        var host = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        host = host.Split('/')[0];
        host = host.StartsWith('[') ? host[..(host.IndexOf(']') + 1)] : host.Split(':')[0];
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    /// <summary>
    /// Refuses to start (exit code 2) when the server would listen beyond loopback with the default admin password,
    /// unless <c>--allow-default-credentials</c> says to; then it warns.
    /// </summary>
    public static WebApplication RefuseExposedDefaultCredentials(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<EmulatorOptions>();
        var exposed = NonLoopbackAddresses(app.Configuration);
        if (exposed.Count == 0 || options.AdminPassword != EmulatorOptions.DefaultPassword)
        {
            return app;
        }
        if (!options.AllowDefaultCredentials)
        {
            Console.Error.WriteLine(
                $"LfRepo will not start: it would listen on {string.Join(", ", exposed)} with the default password of '{options.AdminUser}'. " +
                "Set LfRepo__AdminPassword, listen on a loopback address (--urls http://127.0.0.1:5000), or pass --allow-default-credentials.");
            Environment.Exit(2);
        }
        Console.WriteLine($"LfRepo warning: listening on {string.Join(", ", exposed)} with the default password of '{options.AdminUser}' (--allow-default-credentials).");
        return app;
    }
}
