using LfRepo.Server.Hosting;
using Microsoft.EntityFrameworkCore;

namespace LfRepo.Server.Storage;

public static class StoreExtensions
{
    /// <summary>
    /// The store of the engine <c>LfRepo:Store:Provider</c> names. The engine is read here, before the options are
    /// bound, because each engine has its own context type (its own migrations).
    /// </summary>
    public static IServiceCollection AddStore(this IServiceCollection services, IConfiguration configuration)
    {
        var engine = new StoreOptions();
        configuration.GetSection(EmulatorOptions.Section + ":Store").Bind(engine);
        services.AddSingleton(sp => new StoreConnection(sp.GetRequiredService<EmulatorOptions>()));
        services.AddSingleton(sp => sp.GetRequiredService<StoreConnection>().Dialect);
        if (engine.IsPostgres)
        {
            services.AddDbContextPool<LfRepoDbContext, PostgresStoreContext>((sp, o) =>
                sp.GetRequiredService<IStoreDialect>().Configure(o, sp.GetRequiredService<StoreConnection>().ConnectionString));
        }
        else
        {
            services.AddDbContextPool<LfRepoDbContext>((sp, o) =>
                sp.GetRequiredService<IStoreDialect>().Configure(o, sp.GetRequiredService<StoreConnection>().ConnectionString));
        }
        services.AddSingleton<StoreInitializer>();
        services.AddSingleton<StorePeers>();
        services.AddSingleton<StoreGenerations>();
        services.AddSingleton<StoreIntegrity>();
        return services;
    }

    /// <summary>
    /// Builds EF Core's model and compiles its first query in the background once the server listens, so the first
    /// write request does not pay for it.
    /// </summary>
    public static WebApplication WarmUpStoreInBackground(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() => _ = Task.Run(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LfRepoDbContext>();
            await db.Set<SchemaInfoRecord>().AsNoTracking().AnyAsync(s => s.Id == 1, app.Lifetime.ApplicationStopping);
        }));
        return app;
    }

    /// <summary>Creates or upgrades the schema and seeds the repository before the server takes requests.</summary>
    public static async Task InitializeStoreAsync(this WebApplication app)
    {
        await app.Services.GetRequiredService<StoreInitializer>().InitializeAsync(app.Lifetime.ApplicationStopping);
    }
}
