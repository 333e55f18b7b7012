namespace LfRepo.Server.Entries;

public static class EntryExtensions
{
    public static IServiceCollection AddEntries(this IServiceCollection services)
    {
        services.AddSingleton<EntryCache>();
        services.AddSingleton<EntryReader>();
        services.AddScoped<EntryService>();
        return services;
    }
}
