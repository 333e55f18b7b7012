using LfRepo.Server.Tasks;
using Microsoft.AspNetCore.OData;
using Microsoft.AspNetCore.OData.Batch;
using Microsoft.AspNetCore.OData.Routing.Conventions;
using Microsoft.Extensions.Options;
using Microsoft.OData.UriParser;

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
        services.AddSingleton<TableAccess>();
        services.AddSingleton<TableTasks>();
        services.AddScoped<ITaskHandler, ReplaceAllRowsTask>();
        // Microsoft.AspNetCore.OData serves the tables' model as one route component under odata4/table: its service
        // document, $metadata (CSDL XML or JSON), $batch and the query options the row routes parse. The row routes
        // stay attribute routes of TablesController; no convention maps other controllers onto entity sets.
        services.AddControllers().AddOData((o, sp) =>
        {
            o.EnableAttributeRouting = false;
            foreach (var convention in o.Conventions.Where(c => c is not MetadataRoutingConvention).ToList())
            {
                o.Conventions.Remove(convention);
            }
            o.Select().Filter().OrderBy().Count().SkipToken().SetMaxTop(null);
            o.AddRouteComponents(TablesController.Root, sp.GetRequiredService<TableCatalog>().Model, route =>
            {
                route.AddSingleton<ODataUriResolver>(new ODataUriResolver { EnableCaseInsensitive = true });
                route.AddSingleton<ODataBatchHandler>(new TableBatchHandler());
            });
        });
        return services;
    }

    /// <summary>The Table API's $batch: before routing, so each part is routed (and signed in) like a single request.</summary>
    public static WebApplication UseTableBatching(this WebApplication app)
    {
        app.UseODataBatching();
        return app;
    }

    /// <summary>Creates tables.db's tables and loads seed rows before the server takes requests; a bad seed stops start-up.</summary>
    public static async Task InitializeTablesAsync(this WebApplication app)
    {
        var catalog = app.Services.GetRequiredService<TableCatalog>();
        await app.Services.GetRequiredService<TableStore>().InitializeAsync(catalog, app.Services.GetRequiredService<TimeProvider>(), app.Lifetime.ApplicationStopping);
    }
}
