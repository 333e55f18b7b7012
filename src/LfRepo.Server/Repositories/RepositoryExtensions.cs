using LfRepo.Server.Storage;

namespace LfRepo.Server.Repositories;

public static class RepositoryExtensions
{
    public static IServiceCollection AddRepositories(this IServiceCollection services) =>
        services.AddScoped<IStoreSeed, RepositorySeed>();
}
