using LfRepo.Server.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LfRepo.Server.Storage;

/// <summary>
/// Creates the schema of a new store, upgrades an older one step by step, refuses one it does not know,
/// and seeds the default repository, root folder and admin user.
/// </summary>
public sealed class StoreInitializer(
    LfRepoDbContext db,
    StoreConnection store,
    IOptions<EmulatorOptions> options,
    IPasswordHasher<UserRecord> passwordHasher,
    TimeProvider clock,
    ILogger<StoreInitializer> logger)
{
    /// <summary>Bump when the model changes, and add the step that brings the previous version here.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Upgrade steps: index i takes a store from version i+1 to i+2.</summary>
    private static readonly Func<LfRepoDbContext, CancellationToken, Task>[] Upgrades = [];

    public const int RootFolderId = 1;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        // WAL lets readers go on while a writer commits; the setting is stored in the database file.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);

        var created = await db.Database.EnsureCreatedAsync(cancellationToken);
        if (created)
        {
            db.SchemaInfo.Add(new SchemaInfoRecord { Id = 1, Version = CurrentSchemaVersion });
            await db.SaveChangesAsync(cancellationToken);
        }
        else
        {
            await UpgradeAsync(cancellationToken);
        }

        await SeedAsync(cancellationToken);
    }

    private async Task UpgradeAsync(CancellationToken cancellationToken)
    {
        int version;
        try
        {
            version = await db.SchemaInfo.Where(s => s.Id == 1).Select(s => s.Version).SingleOrDefaultAsync(cancellationToken);
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            throw new InvalidOperationException(
                $"The data folder '{store.Description}' holds a database that is not an LfRepo store ({ex.Message}). " +
                "Start with another --data-dir, or move that folder away.", ex);
        }

        if (version > CurrentSchemaVersion)
        {
            throw new InvalidOperationException(
                $"The store in '{store.Description}' has schema version {version}, newer than this LfRepo ({CurrentSchemaVersion}). Use a newer LfRepo.");
        }
        if (version < 1)
        {
            throw new InvalidOperationException($"The store in '{store.Description}' has no schema version. Start with another --data-dir.");
        }

        for (var from = version; from < CurrentSchemaVersion; from++)
        {
            logger.LogInformation("Upgrading store schema from version {From} to {To}", from, from + 1);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await Upgrades[from - 1](db, cancellationToken);
            await db.SchemaInfo.Where(s => s.Id == 1).ExecuteUpdateAsync(s => s.SetProperty(x => x.Version, from + 1), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!await db.Repositories.AnyAsync(r => r.Id == settings.RepositoryId, cancellationToken))
        {
            db.Repositories.Add(new RepositoryRecord { Id = settings.RepositoryId, Name = settings.RepositoryName });
        }

        var admin = await db.Users.SingleOrDefaultAsync(u => u.UserName == settings.AdminUser, cancellationToken);
        if (admin is null)
        {
            admin = new UserRecord { UserName = settings.AdminUser, PasswordHash = "" };
            db.Users.Add(admin);
        }
        // The configured password always wins, so changing LfRepo__AdminPassword takes effect on restart.
        if (admin.PasswordHash.Length == 0 || passwordHasher.VerifyHashedPassword(admin, admin.PasswordHash, settings.AdminPassword) == PasswordVerificationResult.Failed)
        {
            admin.PasswordHash = passwordHasher.HashPassword(admin, settings.AdminPassword);
        }

        if (!await db.Entries.AnyAsync(e => e.Id == RootFolderId, cancellationToken))
        {
            var now = clock.GetUtcNow().UtcTicks;
            db.Entries.Add(new EntryRecord
            {
                Id = RootFolderId,
                ParentId = null,
                Name = "",
                NameKey = "",
                FullPath = "\\",
                EntryType = EntryType.Folder,
                Creator = settings.AdminUser,
                CreationTicks = now,
                LastModifiedTicks = now,
                VolumeName = settings.DefaultVolumeName,
            });
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
