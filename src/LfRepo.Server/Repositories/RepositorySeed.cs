using LfRepo.Server.Hosting;
using LfRepo.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace LfRepo.Server.Repositories;

/// <summary>The configured repository.</summary>
public sealed class RepositorySeed(EmulatorOptions options) : IStoreSeed
{
    public async Task SeedAsync(LfRepoDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Set<RepositoryRecord>().AnyAsync(r => r.Id == options.RepositoryId, cancellationToken))
        {
            db.Add(new RepositoryRecord { Id = options.RepositoryId, Name = options.RepositoryName });
        }
    }
}
