using LfRepo.Server.Annotations;

namespace LfRepo.Server.Stamps;

public static class StampExtensions
{
    public static IServiceCollection AddStamps(this IServiceCollection services)
    {
        services.AddScoped<StampCatalog>();
        services.AddScoped<IStampLookup>(provider => provider.GetRequiredService<StampCatalog>());
        return services;
    }
}
