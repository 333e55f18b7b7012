namespace LfRepo.Server.UserAreas;

public static class UserAreaExtensions
{
    public static IServiceCollection AddUserAreas(this IServiceCollection services)
    {
        services.AddScoped<EntryVisibility>();
        services.AddScoped<UserAreaService>();
        services.AddSingleton<RecentEntries>();
        return services;
    }
}
