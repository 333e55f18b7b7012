using LfRepo.Server.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;

namespace LfRepo.Server.Storage;

/// <summary>
/// Creates the schema of a new store, upgrades an older one step by step, refuses one it does not know, and seeds
/// the default repository, root folder and admin user. Plain SQLite commands, so start-up stays well under a second.
/// </summary>
public sealed class StoreInitializer(
    StoreConnection store,
    EmulatorOptions options,
    IPasswordHasher<UserRecord> passwordHasher,
    TimeProvider clock,
    ILogger<StoreInitializer> logger)
{
    public const int RootFolderId = 1;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        // WAL lets readers go on while a writer commits; the setting is stored in the database file.
        await connection.ExecuteAsync("PRAGMA journal_mode=WAL;", null, cancellationToken);

        var version = await ReadVersionAsync(connection, cancellationToken);
        if (version is null)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(Schema.Create, transaction, cancellationToken);
            await connection.ExecuteAsync($"INSERT INTO SchemaInfo (Id, Version) VALUES (1, {Schema.CurrentVersion});", transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        else
        {
            await UpgradeAsync(connection, version.Value, cancellationToken);
        }

        await SeedAsync(connection, cancellationToken);
    }

    /// <summary>The schema version, or null for an empty database; throws for a database that is not ours.</summary>
    private async Task<int?> ReadVersionAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var tables = await connection.ScalarAsync("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", null, cancellationToken);
        if (tables == 0)
        {
            return null;
        }
        var hasSchemaInfo = await connection.ScalarAsync("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'SchemaInfo'", null, cancellationToken);
        if (hasSchemaInfo == 0)
        {
            throw new InvalidOperationException(
                $"The data folder '{store.Description}' holds a database that is not an LfRepo store. Start with another --data-dir, or move that folder away.");
        }
        return (int)await connection.ScalarAsync("SELECT IFNULL((SELECT Version FROM SchemaInfo WHERE Id = 1), 0)", null, cancellationToken);
    }

    private async Task UpgradeAsync(SqliteConnection connection, int version, CancellationToken cancellationToken)
    {
        if (version > Schema.CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The store in '{store.Description}' has schema version {version}, newer than this LfRepo ({Schema.CurrentVersion}). Use a newer LfRepo.");
        }
        if (version < 1)
        {
            throw new InvalidOperationException($"The store in '{store.Description}' has no schema version. Start with another --data-dir.");
        }
        for (var from = version; from < Schema.CurrentVersion; from++)
        {
            logger.LogInformation("Upgrading store schema from version {From} to {To}", from, from + 1);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(Schema.Upgrades[from - 1], transaction, cancellationToken);
            await connection.ExecuteAsync($"UPDATE SchemaInfo SET Version = {from + 1} WHERE Id = 1;", transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    private async Task SeedAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using (var repository = connection.CreateCommand())
        {
            repository.Transaction = transaction;
            repository.CommandText = "INSERT OR IGNORE INTO Repositories (Id, Name) VALUES ($id, $name)";
            repository.Parameters.AddWithValue("$id", options.RepositoryId);
            repository.Parameters.AddWithValue("$name", options.RepositoryName);
            await repository.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var user = connection.CreateCommand())
        {
            user.Transaction = transaction;
            user.CommandText = "SELECT PasswordHash FROM Users WHERE UserName = $name";
            user.Parameters.AddWithValue("$name", options.AdminUser);
            var hash = await user.ExecuteScalarAsync(cancellationToken) as string;
            var record = new UserRecord { UserName = options.AdminUser, PasswordHash = hash ?? "" };
            // The configured password always wins, so changing LfRepo__AdminPassword takes effect on restart.
            if (hash is null || passwordHasher.VerifyHashedPassword(record, hash, options.AdminPassword) == PasswordVerificationResult.Failed)
            {
                user.CommandText = "INSERT INTO Users (UserName, PasswordHash) VALUES ($name, $hash) ON CONFLICT (UserName) DO UPDATE SET PasswordHash = excluded.PasswordHash";
                user.Parameters.AddWithValue("$hash", passwordHasher.HashPassword(record, options.AdminPassword));
                await user.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await using (var root = connection.CreateCommand())
        {
            root.Transaction = transaction;
            root.CommandText = """
                INSERT OR IGNORE INTO Entries (Id, ParentId, Name, NameKey, FullPath, EntryType, Creator, CreationTicks, LastModifiedTicks,
                    VolumeName, TemplateId, TemplateName, Extension, MimeType, ElectronicDocumentSize, IsElectronicDocument, PageCount)
                VALUES ($id, NULL, '', '', '\', $folder, $creator, $now, $now, $volume, 0, '', '', '', 0, 0, 0)
                """;
            root.Parameters.AddWithValue("$id", RootFolderId);
            root.Parameters.AddWithValue("$folder", (int)EntryType.Folder);
            root.Parameters.AddWithValue("$creator", options.AdminUser);
            root.Parameters.AddWithValue("$now", clock.GetUtcNow().UtcTicks);
            root.Parameters.AddWithValue("$volume", options.DefaultVolumeName);
            await root.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }
}
