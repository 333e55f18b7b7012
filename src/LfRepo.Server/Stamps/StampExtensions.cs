namespace LfRepo.Server.Stamps;

public static class StampExtensions
{
    public static IServiceCollection AddStamps(this IServiceCollection services)
    {
        services.AddScoped<StampCatalog>();
        return services;
    }
}
