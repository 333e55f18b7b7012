using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace LfRepo.Server.Storage;

/// <summary>
/// Brings the store to this release's schema with EF Core migrations, refuses a store it does not know, and runs
/// the features' <see cref="IStoreSeed"/>s. A store written before the migrations (it has <c>SchemaInfo</c> but
/// no migration history) is adopted in place: its schema version says which migrations it already holds.
/// </summary>
public sealed class StoreInitializer(
    StoreConnection store,
    IStoreDialect dialect,
    IServiceScopeFactory scopes,
    ILogger<StoreInitializer> logger)
{
    public const int RootFolderId = 1;

    /// <summary>
    /// The migrations a pre-migration store of schema version v holds: the first v of these. Those releases kept
    /// the version in <c>SchemaInfo</c>; each of their versions is exactly one of the first migrations.
    /// </summary>
    private static readonly string[] LegacyVersions =
    [
        "20261201000100_EntryTree",
        "20261201000200_Tasks",
        "20261201000300_Metadata",
        "20261201000400_Documents",
        "20261201000500_Search",
    ];

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LfRepoDbContext>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            // Of several processes starting on one database, one migrates and seeds; the others wait here.
            await using var schemaLock = await dialect.LockSchemaAsync(db.Database.GetDbConnection(), cancellationToken);
            await dialect.PrepareStoreAsync(db.Database.GetDbConnection(), cancellationToken);
            var known = db.Database.GetMigrations().ToList();
            var expected = VersionOf(db.GetType());
            if (known.Count != expected)
            {
                throw new InvalidOperationException($"EF Core finds {known.Count} migrations, the schema version counts {expected}.");
            }
            await AdoptOrRefuseAsync(db, known, cancellationToken);

            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                logger.LogInformation("Applying store migrations: {Migrations}", string.Join(", ", pending));
                await db.Database.MigrateAsync(cancellationToken);
            }
            await WriteVersionAsync(db, known.Count, cancellationToken);

            foreach (var seed in scope.ServiceProvider.GetServices<IStoreSeed>())
            {
                await seed.SeedAsync(db, cancellationToken);
            }
            await db.SaveChangesAsync(cancellationToken);
            await dialect.AlignIdsAsync(db.Database.GetDbConnection(), null, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The schema version this release writes to <c>SchemaInfo</c>: the number of migrations it holds. Releases
    /// before the migrations read only this number, so they too refuse a store a newer release has migrated.
    /// </summary>
    public static int CurrentVersion { get; } = VersionOf(typeof(LfRepoDbContext));

    /// <summary>The number of migrations of the context type <paramref name="context"/> (each engine has its own).</summary>
    public static int VersionOf(Type context) => typeof(LfRepoDbContext).Assembly.GetTypes()
        .Count(t => t.IsSubclassOf(typeof(Migration)) && t.GetCustomAttributes(typeof(MigrationAttribute), false).Length > 0
            && t.GetCustomAttributes(typeof(DbContextAttribute), false).OfType<DbContextAttribute>().Any(a => a.ContextType == context));

    private async Task AdoptOrRefuseAsync(LfRepoDbContext db, List<string> known, CancellationToken cancellationToken)
    {
        var tables = await dialect.ListTablesAsync(db.Database.GetDbConnection(), cancellationToken);
        if (tables.Count == 0)
        {
            return;
        }
        if (!tables.Contains("SchemaInfo", StringComparer.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"The data folder '{store.Description}' holds a database that is not an LfRepo store. Start with another --data-dir, or move that folder away.");
        }
        var version = await db.Set<SchemaInfoRecord>().AsNoTracking().Where(s => s.Id == 1).Select(s => s.Version).FirstOrDefaultAsync(cancellationToken);
        if (version > known.Count)
        {
            throw new InvalidOperationException(
                $"The store in '{store.Description}' has schema version {version}, newer than this LfRepo ({known.Count}). Use a newer LfRepo.");
        }
        if (version < 1)
        {
            throw new InvalidOperationException($"The store in '{store.Description}' has no schema version. Start with another --data-dir.");
        }

        var history = db.GetService<IHistoryRepository>();
        if (await history.ExistsAsync(cancellationToken))
        {
            var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
            var unknown = applied.Except(known, StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                throw new InvalidOperationException(
                    $"The store in '{store.Description}' has schema version {version} with migrations newer than this LfRepo ({string.Join(", ", unknown)}). Use a newer LfRepo.");
            }
            return;
        }

        // A store from before the migrations: record the migrations its version already holds, then migrate on.
        logger.LogInformation("Adopting a store of schema version {Version} into the migration history", version);
        await history.CreateIfNotExistsAsync(cancellationToken);
        foreach (var id in LegacyVersions.Take(version))
        {
            await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(id, ProductInfo.GetVersion())), cancellationToken);
        }
    }

    private static async Task WriteVersionAsync(LfRepoDbContext db, int version, CancellationToken cancellationToken)
    {
        var row = await db.Set<SchemaInfoRecord>().SingleOrDefaultAsync(s => s.Id == 1, cancellationToken);
        if (row is null)
        {
            db.Add(new SchemaInfoRecord { Id = 1, Version = version });
        }
        else
        {
            row.Version = version;
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
