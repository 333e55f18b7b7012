using LfRepo.Server.Tasks;
using Microsoft.Extensions.Options;

namespace LfRepo.Server.Tables;

public static class TableExtensions
{
    /// <summary>The Table API: lookup tables from the seed file (or the built-in ones) in tables.db, served under /odata4.</summary>
    public static IServiceCollection AddTables(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TableOptions>()
            .Bind(configuration.GetSection(TableOptions.Section))
            .Validate(o => o.PageSize is > 0 and <= 1000, "LfRepo:Tables:PageSize must be between 1 and 1000.")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<TableOptions>>().Value);
        services.AddSingleton(sp => TableCatalog.Load(sp.GetRequiredService<TableOptions>().SeedFile));
        services.AddSingleton<TableStore>();
        services.AddSingleton<TableTasks>();
        services.AddScoped<ITaskHandler, ReplaceAllRowsTask>();
        return services;
    }

    /// <summary>Creates tables.db's tables and loads seed rows before the server takes requests; a bad seed stops start-up.</summary>
    public static async Task InitializeTablesAsync(this WebApplication app)
    {
        var catalog = app.Services.GetRequiredService<TableCatalog>();
        await app.Services.GetRequiredService<TableStore>().InitializeAsync(catalog, app.Services.GetRequiredService<TimeProvider>(), app.Lifetime.ApplicationStopping);
    }
}
