using LfRepo.Server.Hosting;
using LfRepo.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace LfRepo.Server.Entries;

/// <summary>The root folder, entry <see cref="StoreInitializer.RootFolderId"/>.</summary>
public sealed class RootFolderSeed(EmulatorOptions options, TimeProvider clock) : IStoreSeed
{
    public async Task SeedAsync(LfRepoDbContext db, CancellationToken cancellationToken)
    {
        if (await db.Set<EntryRecord>().AnyAsync(e => e.Id == StoreInitializer.RootFolderId, cancellationToken))
        {
            return;
        }
        var now = clock.GetUtcNow().UtcTicks;
        db.Add(new EntryRecord
        {
            Id = StoreInitializer.RootFolderId,
            ParentId = null,
            Name = "",
            NameKey = "",
            FullPath = "\\",
            EntryType = EntryType.Folder,
            Creator = options.AdminUser,
            CreationTicks = now,
            LastModifiedTicks = now,
            VolumeName = options.DefaultVolumeName,
        });
    }
}
