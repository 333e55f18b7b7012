using LfRepo.Server.Storage;

namespace LfRepo.Server.Metadata;

public static class MetadataExtensions
{
    public static IServiceCollection AddMetadata(this IServiceCollection services)
    {
        services.AddSingleton<MetadataCatalog>();
        services.AddSingleton<MetadataSeeder>();
        services.AddSingleton<MetadataService>();
        services.AddSingleton<DefinitionGate>();
        services.AddSingleton<IStoreFollower, DefinitionsFollower>();
        services.AddSingleton<DefinitionWriter>();
        services.AddSingleton<FieldAdministration>();
        services.AddSingleton<TemplateAdministration>();
        return services;
    }

    /// <summary>Applies the seed (the <c>--seed</c> file or the built-in one) and loads the definitions.</summary>
    public static async Task SeedMetadataAsync(this WebApplication app)
    {
        await app.Services.GetRequiredService<MetadataSeeder>().SeedAsync(app.Lifetime.ApplicationStopping);
    }
}
