using LfRepo.Server.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LfRepo.Server.Storage;

public static class StoreExtensions
{
    public static IServiceCollection AddStore(this IServiceCollection services)
    {
        services.AddSingleton(sp => new StoreConnection(sp.GetRequiredService<EmulatorOptions>()));
        services.AddDbContextPool<LfRepoDbContext>((sp, o) => o.UseSqlite(sp.GetRequiredService<StoreConnection>().ConnectionString));
        services.AddSingleton<IPasswordHasher<UserRecord>, PasswordHasher<UserRecord>>();
        services.AddScoped<StoreInitializer>();
        return services;
    }

    /// <summary>Creates or upgrades the schema and seeds the repository before the server takes requests.</summary>
    public static async Task InitializeStoreAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<StoreInitializer>().InitializeAsync(app.Lifetime.ApplicationStopping);
    }
}
