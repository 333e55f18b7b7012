using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LfRepo.Server.Problems;
using LfRepo.Server.Storage;
using Microsoft.Data.Sqlite;

namespace LfRepo.Server.Tables;

/// <summary>
/// The lookup tables' own SQLite database, tables.db beside the repository store: one real table per lookup
/// table (typed columns, <c>_key</c> primary key), so queries run in SQLite. Kept out of the repository schema:
/// tables come and go with the seed file, which the repository's versioned schema is not made for.
/// </summary>
public sealed class TableStore
{
    public TableStore(StoreConnection store)
    {
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(store.DataDirectory, "tables.db"),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string ConnectionString { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        // SQLite's lower() and upper() change ASCII letters only; OData's tolower/toupper mean all of Unicode.
        connection.CreateFunction("lf_lower", (string? text) => text?.ToLowerInvariant(), isDeterministic: true);
        connection.CreateFunction("lf_upper", (string? text) => text?.ToUpperInvariant(), isDeterministic: true);
        return connection;
    }

    /// <summary>
    /// Creates each declared table and loads its seed rows, unless tables.db already holds it from the same
    /// definition and the same seed data (then its rows, edits included, are kept); drops tables no longer declared.
    /// </summary>
    public async Task InitializeAsync(TableCatalog catalog, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS "_tables" ("name" TEXT NOT NULL PRIMARY KEY, "fingerprint" TEXT NOT NULL, "createdOn" TEXT NOT NULL, "modifiedOn" TEXT NOT NULL);
            """, null, cancellationToken);

        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """SELECT "name", "fingerprint" FROM "_tables" """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                stored[reader.GetString(0)] = reader.GetString(1);
            }
        }

        var now = TableValues.FormatDate(clock.GetUtcNow());
        foreach (var table in catalog.Tables)
        {
            var csvPath = table.Csv is null ? null : Path.GetFullPath(Path.Combine(catalog.SeedDirectory ?? ".", table.Csv));
            var fingerprint = Fingerprint(table, csvPath);
            if (stored.Remove(table.Name, out var existing) && existing == fingerprint)
            {
                continue;
            }
            await using var transaction = connection.BeginTransaction();
            await connection.ExecuteAsync($"DROP TABLE IF EXISTS {table.SqlName}; {CreateSql(table)}", transaction, cancellationToken);
            try
            {
                if (csvPath is not null)
                {
                    using var file = new StreamReader(csvPath, Encoding.UTF8);
                    await TableLoader.LoadCsvAsync(connection, transaction, table, file, null, cancellationToken);
                }
                else if (table.Generator is not null)
                {
                    await TableLoader.LoadRowsAsync(connection, transaction, table, table.Generator(), cancellationToken);
                }
            }
            catch (FormatException ex)
            {
                throw new InvalidOperationException($"Seed rows of table '{table.Name}' are not valid: {ex.Message}", ex);
            }
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = """
                    INSERT INTO "_tables" ("name", "fingerprint", "createdOn", "modifiedOn") VALUES ($name, $fingerprint, $now, $now)
                    ON CONFLICT ("name") DO UPDATE SET "fingerprint" = excluded."fingerprint", "modifiedOn" = excluded."modifiedOn"
                    """;
                command.Parameters.AddWithValue("$name", table.Name);
                command.Parameters.AddWithValue("$fingerprint", fingerprint);
                command.Parameters.AddWithValue("$now", now);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }

        foreach (var gone in stored.Keys)
        {
            await connection.ExecuteAsync($"DROP TABLE IF EXISTS {Sql.Quote("t_" + gone)}; DELETE FROM \"_tables\" WHERE \"name\" = {SqliteLiteral(gone)}", null, cancellationToken);
        }
    }

    /// <summary>Creation and last-change times of each table, for the preview Tables resources.</summary>
    public async Task<Dictionary<string, (string CreatedOn, string ModifiedOn)>> ReadTableTimesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "name", "createdOn", "modifiedOn" FROM "_tables" """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var times = new Dictionary<string, (string, string)>(StringComparer.OrdinalIgnoreCase);
        while (await reader.ReadAsync(cancellationToken))
        {
            times[reader.GetString(0)] = (reader.GetString(1), reader.GetString(2));
        }
        return times;
    }

    /// <summary>Deletes one row; 403 on a READONLY table, 404 when there is no such row.</summary>
    public async Task DeleteRowAsync(TableDefinition table, string key, CancellationToken cancellationToken)
    {
        RefuseReadOnly(table);
        await using var connection = await OpenAsync(cancellationToken);
        await using var delete = connection.CreateCommand();
        delete.CommandText = $"DELETE FROM {table.SqlName} WHERE \"_key\" = $key";
        delete.Parameters.AddWithValue("$key", key);
        if (await delete.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw RowNotFound(table, key);
        }
    }

    public static void RefuseReadOnly(TableDefinition table)
    {
        if (table.IsReadOnly)
        {
            throw new ApiProblemException(ProblemCatalog.TableReadOnly, $"Table '{table.Name}' is tagged READONLY; its rows cannot be changed.");
        }
    }

    public static ApiProblemException RowNotFound(TableDefinition table, string key) =>
        new(ProblemCatalog.TableRowNotFound, $"Table '{table.Name}' has no row with _key '{key}'.");

    private static string CreateSql(TableDefinition table)
    {
        var columns = table.Columns.Select(c => $"{Sql.Quote(c.Name)} {TableValues.SqlType(c.Type)} NULL");
        return $"CREATE TABLE {table.SqlName} ({Sql.Quote(TableDefinition.KeyColumn)} TEXT NOT NULL PRIMARY KEY, {string.Join(", ", columns)});";
    }

    private static string Fingerprint(TableDefinition table, string? csvPath)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(JsonSerializer.SerializeToUtf8Bytes(new { table.Name, table.Tags, Columns = table.Columns.Select(c => new { c.Name, Type = c.Type.ToString(), c.MaximumTextLength }) }));
        if (csvPath is not null)
        {
            if (!File.Exists(csvPath))
            {
                throw new InvalidOperationException($"The CSV file '{csvPath}' of table '{table.Name}' does not exist.");
            }
            hash.AppendData(File.ReadAllBytes(csvPath));
        }
        else
        {
            hash.AppendData("built-in rows v1"u8);
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private static string SqliteLiteral(string value) => "'" + value.Replace("'", "''") + "'";
}
