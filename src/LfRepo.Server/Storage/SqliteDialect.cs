using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LfRepo.Server.Storage;

/// <summary>The SQLite engine: the embedded store of a data folder.</summary>
public sealed class SqliteDialect : IStoreDialect
{
    public void Configure(DbContextOptionsBuilder builder, string connectionString) => builder.UseSqlite(connectionString);

    public async Task PrepareStoreAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // WAL lets readers go on while a writer commits; the setting is stored in the database file.
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListTablesAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var names = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }

    /// <summary>sqlite3_interrupt: the running statement ends with SQLITE_INTERRUPT.</summary>
    public IDisposable InterruptOn(DbConnection connection, CancellationToken cancellationToken)
    {
        var sqlite = (SqliteConnection)connection;
        return cancellationToken.Register(() => SQLitePCL.raw.sqlite3_interrupt(sqlite.Handle));
    }

    public bool IsInterrupt(Exception exception) => exception is SqliteException { SqliteErrorCode: 9 };
}
