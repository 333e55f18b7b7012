using LfRepo.Server.Storage;
using LfRepo.Server.Tasks;

namespace LfRepo.Server.Entries;

public static class EntryExtensions
{
    public static IServiceCollection AddEntries(this IServiceCollection services)
    {
        services.AddSingleton<EntryCache>();
        services.AddSingleton<EntryReader>();
        services.AddScoped<EntryService>();
        services.AddSingleton<EntryTree>();
        services.AddScoped<IStoreSeed, RootFolderSeed>();
        services.AddScoped<ITaskHandler, CopyEntryTask>();
        services.AddScoped<ITaskHandler, DeleteEntryTask>();
        return services;
    }
}
