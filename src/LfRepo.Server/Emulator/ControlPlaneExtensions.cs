using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using Swashbuckle.AspNetCore.SwaggerUI;

namespace LfRepo.Server.Emulator;

/// <summary>When the server started, for GET /_emulator.</summary>
public sealed record ControlPlaneStart(DateTimeOffset StartedAt);

public static class ControlPlaneExtensions
{
    public const string SwaggerDocument = "_emulator";

    /// <summary>The control plane under /_emulator: reset, snapshots, clock, journal, faults, limits, task pacing, users.</summary>
    public static IServiceCollection AddControlPlane(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ControlPlaneOptions>().Bind(configuration.GetSection(ControlPlaneOptions.Section));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ControlPlaneOptions>>().Value);
        services.AddOptions<JournalOptions>()
            .Bind(configuration.GetSection(JournalOptions.Section))
            .Validate(o => o.Capacity > 0, "LfRepo:Journal:Capacity must be positive.")
            .ValidateOnStart();
        services.AddOptions<LimitsOptions>()
            .Bind(configuration.GetSection(LimitsOptions.Section))
            .Validate(o => o.Profile.Trim().ToLowerInvariant() is LimitProfiles.None or LimitProfiles.Cloud, "LfRepo:Limits:Profile (--limits) must be none or cloud.")
            .ValidateOnStart();
        services.AddSingleton(sp => new ControlPlaneStart(sp.GetRequiredService<TimeProvider>().GetUtcNow()));
        services.AddSingleton<RepositoryState>();
        services.AddSingleton<RequestGate>();
        services.AddSingleton<RequestJournal>();
        services.AddSingleton<FaultRules>();
        services.AddSingleton<EmulatorUsers>();
        services.AddSingleton<LimitProfiles>();
        services.AddRateLimiter(LimitProfiles.Configure);
        services.Configure<SwaggerGenOptions>(o =>
            o.SwaggerDoc(SwaggerDocument, new OpenApiInfo { Title = "LfRepo control plane", Version = "v1" }));
        services.Configure<SwaggerUIOptions>(o => o.SwaggerEndpoint($"/swagger/{SwaggerDocument}/swagger.json", "LfRepo control plane"));
        return services;
    }

    /// <summary>With <c>--load-snapshot FILE</c>, restores that archive before the server takes requests.</summary>
    public static async Task LoadSnapshotOnStartAsync(this WebApplication app)
    {
        var file = app.Services.GetRequiredService<ControlPlaneOptions>().LoadSnapshot;
        if (string.IsNullOrWhiteSpace(file))
        {
            return;
        }
        var info = await app.Services.GetRequiredService<RepositoryState>().LoadArchiveAsync(file, app.Lifetime.ApplicationStopping);
        app.Logger.LogInformation("Loaded snapshot '{Name}' ({Entries} entries) from {File}", info.Name, info.EntryCount, file);
    }
}
