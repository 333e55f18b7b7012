using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LfRepo.Server.Problems;
using LfRepo.Server.Storage;

namespace LfRepo.Server.Tables;

/// <summary>
/// The lookup tables' own side store beside the repository store (SQLite: tables.db in the data folder; PostgreSQL:
/// the schema <c>lf_tables</c> of the store's database, which every process of the store shares): one real table per
/// lookup table (typed columns, <c>_key</c> primary key), so queries run in the engine. Kept out of the repository
/// schema: tables come and go with the seed file, which the repository's versioned schema is not made for.
/// </summary>
public sealed class TableStore
{
    /// <summary>The side store's name: SQLite's file tables.db (as earlier releases named it), PostgreSQL's schema lf_tables.</summary>
    private const string SideStoreName = "tables";

    /// <summary>The advisory lock key of table initialization, so that processes starting at once load each table once: "LfTabl".</summary>
    private const long InitializeLockKey = 0x4C_66_54_61_62_6C;

    private readonly string _connectionString;

    /// <summary>The lock key of numbering a table's rows: "LfK" and the name's 32-bit FNV-1a hash.</summary>
    public static long NumberingLockKey(TableDefinition table)
    {
        var hash = 2166136261u;
        foreach (var c in table.Name)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (0x4C_66_4BL << 32) | hash;
    }

    public TableStore(StoreConnection store)
    {
        Dialect = store.Dialect;
        _connectionString = Dialect.SideStoreConnectionString(store.ConnectionString, store.DataDirectory, SideStoreName);
    }

    public IStoreDialect Dialect { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = Dialect.CreateConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        // OData's tolower/toupper mean all of Unicode.
        Dialect.AddCaseFunctions(connection);
        return connection;
    }

    /// <summary>
    /// Creates each declared table and loads its seed rows, unless tables.db already holds it from the same
    /// definition and the same seed data (then its rows, edits included, are kept); drops tables no longer declared.
    /// </summary>
    public async Task InitializeAsync(TableCatalog catalog, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await Dialect.PrepareSideStoreAsync(connection, SideStoreName, cancellationToken);
        await using var initializing = await Dialect.LockAsync(connection, InitializeLockKey, shared: false, cancellationToken);
        var text = Dialect.ColumnType(SideColumnType.Text);
        await connection.ExecuteAsync($"""
            CREATE TABLE IF NOT EXISTS "_tables" ("name" {text} NOT NULL PRIMARY KEY, "fingerprint" {text} NOT NULL, "createdOn" {text} NOT NULL, "modifiedOn" {text} NOT NULL);
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
            var csvPath = CsvPath(catalog, table);
            var fingerprint = Fingerprint(table, csvPath);
            if (stored.Remove(table.Name, out var existing) && existing == fingerprint)
            {
                continue;
            }
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync($"DROP TABLE IF EXISTS {table.SqlName}; {CreateSql(table)}", transaction, cancellationToken);
            try
            {
                if (csvPath is not null)
                {
                    using var file = new StreamReader(csvPath, Encoding.UTF8);
                    await TableLoader.LoadCsvAsync(connection, transaction, Dialect, table, file, null, cancellationToken);
                }
                else if (table.Generator is not null)
                {
                    await TableLoader.LoadRowsAsync(connection, transaction, Dialect, table, table.Generator(), cancellationToken);
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
                    INSERT INTO "_tables" ("name", "fingerprint", "createdOn", "modifiedOn") VALUES (@name, @fingerprint, @now, @now)
                    ON CONFLICT ("name") DO UPDATE SET "fingerprint" = excluded."fingerprint", "modifiedOn" = excluded."modifiedOn"
                    """;
                command.AddWithValue("@name", table.Name);
                command.AddWithValue("@fingerprint", fingerprint);
                command.AddWithValue("@now", now);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }

        foreach (var gone in stored.Keys)
        {
            await connection.ExecuteAsync($"DROP TABLE IF EXISTS {Sql.Quote("t_" + gone)}; DELETE FROM \"_tables\" WHERE \"name\" = {Literal(gone)}", null, cancellationToken);
        }
    }

    /// <summary>
    /// Writes every lookup table, rows and times, to a new SQLite file at <paramref name="path"/>: a snapshot's
    /// tables.db, the same file on both engines, so a snapshot saved on one restores on the other.
    /// </summary>
    public async Task SaveCopyAsync(TableCatalog catalog, string path, CancellationToken cancellationToken)
    {
        await using var live = await OpenAsync(cancellationToken);
        await using var read = await Dialect.BeginReadTransactionAsync(live, cancellationToken);
        await using var file = SqliteFiles.OpenFile(path);
        await file.OpenAsync(cancellationToken);
        await using var write = await file.BeginTransactionAsync(cancellationToken);
        await CopyAsync(catalog, (live, read, Dialect), (file, write, FileDialect), cancellationToken);
        await write.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Replaces every lookup table by those of a file <see cref="SaveCopyAsync"/> wrote, in one transaction. A table
    /// whose definition or seed has changed since is left out, for <see cref="InitializeAsync"/> to load from its seed.
    /// </summary>
    public async Task LoadCopyAsync(TableCatalog catalog, string path, CancellationToken cancellationToken)
    {
        await using var file = SqliteFiles.OpenFile(path);
        await file.OpenAsync(cancellationToken);
        await using var read = await file.BeginTransactionAsync(cancellationToken);
        await using var live = await OpenAsync(cancellationToken);
        await using var write = await live.BeginTransactionAsync(cancellationToken);
        var present = await ReadNamesAsync(live, write, cancellationToken);
        foreach (var name in present)
        {
            await live.ExecuteAsync($"DROP TABLE IF EXISTS {Sql.Quote("t_" + name)}", write, cancellationToken);
        }
        await live.ExecuteAsync("""DELETE FROM "_tables" """, write, cancellationToken);
        await CopyAsync(catalog, (file, read, FileDialect), (live, write, Dialect), cancellationToken);
        await write.CommitAsync(cancellationToken);
    }

    /// <summary>The engine of snapshot files.</summary>
    private static readonly IStoreDialect FileDialect = new SqliteDialect();

    private static async Task CopyAsync(TableCatalog catalog, (DbConnection Connection, DbTransaction Transaction, IStoreDialect Dialect) source,
        (DbConnection Connection, DbTransaction Transaction, IStoreDialect Dialect) target, CancellationToken cancellationToken)
    {
        var text = target.Dialect.ColumnType(SideColumnType.Text);
        await target.Connection.ExecuteAsync($"""
            CREATE TABLE IF NOT EXISTS "_tables" ("name" {text} NOT NULL PRIMARY KEY, "fingerprint" {text} NOT NULL, "createdOn" {text} NOT NULL, "modifiedOn" {text} NOT NULL);
            """, target.Transaction, cancellationToken);
        var stored = new List<(string Name, string Fingerprint, string CreatedOn, string ModifiedOn)>();
        await using (var command = source.Connection.CreateCommand())
        {
            command.Transaction = source.Transaction;
            command.CommandText = """SELECT "name", "fingerprint", "createdOn", "modifiedOn" FROM "_tables" ORDER BY "name" """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                stored.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }
        }
        foreach (var (name, fingerprint, createdOn, modifiedOn) in stored)
        {
            if (catalog.Find(name) is not { } table || table.Name != name || Fingerprint(table, CsvPath(catalog, table)) != fingerprint)
            {
                continue;
            }
            await target.Connection.ExecuteAsync($"DROP TABLE IF EXISTS {table.SqlName}; {CreateSql(target.Dialect, table)}", target.Transaction, cancellationToken);
            await using (var select = source.Connection.CreateCommand())
            {
                select.Transaction = source.Transaction;
                var columns = new[] { TableDefinition.KeyColumn }.Concat(table.Columns.Select(c => c.Name)).Select(Sql.Quote);
                select.CommandText = $"SELECT {string.Join(", ", columns)} FROM {table.SqlName} ORDER BY {source.Dialect.RowNumber}";
                await using var rows = await select.ExecuteReaderAsync(cancellationToken);
                await TableLoader.CopyRowsAsync(target.Connection, target.Transaction, target.Dialect, table, rows, cancellationToken);
            }
            await using var times = target.Connection.CreateCommand();
            times.Transaction = target.Transaction;
            times.CommandText = """INSERT INTO "_tables" ("name", "fingerprint", "createdOn", "modifiedOn") VALUES (@name, @fingerprint, @createdOn, @modifiedOn)""";
            times.AddWithValue("@name", name);
            times.AddWithValue("@fingerprint", fingerprint);
            times.AddWithValue("@createdOn", createdOn);
            times.AddWithValue("@modifiedOn", modifiedOn);
            await times.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task<List<string>> ReadNamesAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """SELECT "name" FROM "_tables" """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var names = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }
        return names;
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

    /// <summary>The number of rows a query's <c>$filter</c> and <c>$apply</c> leave.</summary>
    public async Task<long> CountRowsAsync(DbConnection connection, RowQuery query, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) {query.FromWhere}";
        query.Parameters.AddTo(command);
        return Convert.ToInt64(await EvaluateAsync(() => command.ExecuteScalarAsync(cancellationToken)), CultureInfo.InvariantCulture);
    }

    /// <summary>Rows of a query as JSON (<see cref="RowWriter.ReadAsync"/>).</summary>
    public Task<(List<byte[]> Rows, bool More, long? LastRowId)> ReadRowsAsync(DbCommand command, IReadOnlyList<OutputColumn> columns, int take, CancellationToken cancellationToken) =>
        EvaluateAsync(() => RowWriter.ReadAsync(command, columns, take, cancellationToken));

    /// <summary>Runs a query of a request's options; a value the engine cannot compute from them is the client's 400.</summary>
    private async Task<T> EvaluateAsync<T>(Func<Task<T>> query)
    {
        try
        {
            return await query();
        }
        catch (DbException ex) when (Dialect.IsInvalidValue(ex))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidQueryOption, $"The query options ask for a value that cannot be computed: {ex.Message}");
        }
    }

    /// <summary>Deletes one row; 403 on a READONLY table, 404 when there is no such row.</summary>
    public async Task DeleteRowAsync(TableDefinition table, string key, CancellationToken cancellationToken)
    {
        RefuseReadOnly(table);
        await using var connection = await OpenAsync(cancellationToken);
        await using var delete = connection.CreateCommand();
        delete.CommandText = $"DELETE FROM {table.SqlName} WHERE \"_key\" = @key";
        delete.AddWithValue("@key", key);
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

    /// <summary>The CREATE TABLE of a lookup table in this store's engine.</summary>
    public string CreateSql(TableDefinition table) => CreateSql(Dialect, table);

    public static string CreateSql(IStoreDialect dialect, TableDefinition table)
    {
        var columns = table.Columns.Select(c => $"{Sql.Quote(c.Name)} {dialect.ColumnType(TableValues.Storage(c.Type))} NULL");
        return $"CREATE TABLE {table.SqlName} ({dialect.RowNumberDeclaration}{Sql.Quote(TableDefinition.KeyColumn)} {dialect.ColumnType(SideColumnType.Text)} NOT NULL PRIMARY KEY, {string.Join(", ", columns)});";
    }

    private static string? CsvPath(TableCatalog catalog, TableDefinition table) =>
        table.Csv is null ? null : Path.GetFullPath(Path.Combine(catalog.SeedDirectory ?? ".", table.Csv));

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

    private static string Literal(string value) => "'" + value.Replace("'", "''") + "'";
}
