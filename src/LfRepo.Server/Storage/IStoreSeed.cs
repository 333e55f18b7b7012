namespace LfRepo.Server.Storage;

/// <summary>
/// Rows a feature needs in every store (the root folder, the admin user, the repository), written after the
/// migrations at each start. A seed must be idempotent: it runs on new and on existing stores.
/// </summary>
public interface IStoreSeed
{
    Task SeedAsync(LfRepoDbContext db, CancellationToken cancellationToken);
}
