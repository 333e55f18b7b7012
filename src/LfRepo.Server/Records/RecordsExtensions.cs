using LfRepo.Server.Entries;

namespace LfRepo.Server.Records;

public static class RecordsExtensions
{
    public static IServiceCollection AddRecords(this IServiceCollection services)
    {
        services.AddScoped<RecordsService>();
        services.AddScoped<IEntryDeleteGuard>(sp => sp.GetRequiredService<RecordsService>());
        services.AddSingleton<IEntryWriteGuard, RecordWriteGuard>();
        return services;
    }
}
