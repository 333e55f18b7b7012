using LfRepo.Server.Emulator;
using LfRepo.Server.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Options;

namespace LfRepo.Server.Hosting;

public static class HostingExtensions
{
    /// <summary>
    /// Options from appsettings, LfRepo__* variables and flags (<see cref="CommandLine"/>, given to the builder as
    /// <c>--Key=Value</c> arguments); Serilog; the clock.
    /// </summary>
    public static WebApplicationBuilder AddEmulatorHosting(this WebApplicationBuilder builder)
    {
        // Started from another folder (an installed tool, dotnet run from the repository root), the settings file
        // beside the program is still read, below everything else.
        var shipped = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        if (!File.Exists(Path.Combine(builder.Environment.ContentRootPath, "appsettings.json")) && File.Exists(shipped))
        {
            var source = new JsonConfigurationSource { Path = "appsettings.json", Optional = true, ReloadOnChange = false };
            source.FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(AppContext.BaseDirectory);
            builder.Configuration.Sources.Insert(0, source);
        }
        builder.Services.AddOptions<EmulatorOptions>()
            .Bind(builder.Configuration.GetSection(EmulatorOptions.Section))
            .Validate(o => o.TokenLifetimeSeconds > 0, "LfRepo:TokenLifetimeSeconds must be positive.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.RepositoryId), "LfRepo:RepositoryId must not be empty.")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<EmulatorOptions>>().Value);
        builder.Services.AddSingleton(new EmulatorClock(TimeProvider.System));
        builder.Services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<EmulatorClock>());
        builder.AddEmulatorLogging();
        builder.Services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");
        builder.Services.AddSingleton(_ => new WriteGate());
        return builder;
    }

    /// <summary>
    /// <c>GET /health</c>: "Healthy" (200) when the store answers, else 503. With <c>?deep=true</c> it also checks
    /// the store's integrity (orphans, wrong paths, dangling rows, missing or unreferenced content) and answers
    /// a JSON report.
    /// </summary>
    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapMethods("/health", [HttpMethods.Get, HttpMethods.Head], async (HttpContext context, HealthCheckService health, StoreIntegrity integrity, bool? deep) =>
        {
            var report = await health.CheckHealthAsync(context.RequestAborted);
            var healthy = report.Status == HealthStatus.Healthy;
            if (deep != true || !healthy)
            {
                return Results.Text(report.Status.ToString(), "text/plain", statusCode: healthy ? 200 : 503);
            }
            var found = await integrity.CheckAsync(context.RequestAborted);
            return Results.Json(new { status = found.IsSound ? "Healthy" : "Unhealthy", integrity = found }, statusCode: found.IsSound ? 200 : 503);
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>Answers under every configured path base (/LFRepositoryAPI, /repository) as well as at the root.</summary>
    public static WebApplication UsePathBases(this WebApplication app)
    {
        foreach (var pathBase in app.Services.GetRequiredService<EmulatorOptions>().PathBaseList)
        {
            app.UsePathBase(pathBase);
        }
        return app;
    }

    /// <summary>
    /// Prints one line saying which version runs, where the API is and how to sign in, once the server listens
    /// (with <c>--log-format json</c>, as a log event).
    /// </summary>
    public static WebApplication PrintBannerOnStart(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var options = app.Services.GetRequiredService<EmulatorOptions>();
            var store = app.Services.GetRequiredService<StoreConnection>();
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var bases = addresses.SelectMany(a => options.PathBaseList.Select(b => a.TrimEnd('/') + b));
            // The password is shown only when nobody but this machine can reach the server.
            var password = addresses.All(ExposureExtensions.IsLoopback) ? $"password '{options.AdminPassword}'" : "password as configured";
            var banner = $"LfRepo {CommandLine.Version} ready: API at {string.Join(" and ", bases)} | repository '{options.RepositoryId}' | " +
                         $"user '{options.AdminUser}' {password} | store {store.Description} | Swagger UI at {addresses.FirstOrDefault()}/swagger";
            if (string.Equals(app.Configuration[LoggingExtensions.FormatKey], "json", StringComparison.OrdinalIgnoreCase))
            {
                app.Logger.LogInformation("{Banner:l}", banner);
            }
            else
            {
                Console.WriteLine(banner);
            }
        });
        return app;
    }
}
