using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LfRepo.Server.Storage;

/// <summary>The SQLite engine: the embedded store of a data folder.</summary>
public sealed class SqliteDialect : IStoreDialect
{
    /// <summary>SQLITE_CONSTRAINT: a unique, primary key or foreign key constraint stopped the statement.</summary>
    private const int SqliteConstraint = 19;

    public string Name => "sqlite";

    public DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

    public void Configure(DbContextOptionsBuilder builder, string connectionString) => builder.UseSqlite(connectionString);

    public async Task PrepareStoreAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // WAL lets readers go on while a writer commits; the setting is stored in the database file.
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<IAsyncDisposable> LockSchemaAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable>(NoLock.Instance);

    public Task<IAsyncDisposable> LockAsync(DbConnection connection, long key, bool shared, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable>(NoLock.Instance);

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

    public bool IsConstraintViolation(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint }
        || exception.InnerException is SqliteException { SqliteErrorCode: SqliteConstraint };

    /// <summary>BEGIN DEFERRED: the write lock is taken only if the transaction writes.</summary>
    public Task<DbTransaction> BeginReadTransactionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

    public string Position(string text, string part) => $"instr({text}, {part})";

    public string KeyShareLock => "";

    public string UpdateLock => "";

    public string Greatest(string a, string b) => $"max({a}, {b})";

    public string IntegersOfJson(string jsonParameter) => $"SELECT value FROM json_each({jsonParameter})";

    /// <summary><c>lf_upper</c>, a function of each connection (<see cref="AddTextFunctions"/>).</summary>
    public string Upper(string text) => $"lf_upper({text})";

    /// <summary>
    /// AUTOINCREMENT keeps the highest id given in <c>sqlite_sequence</c>; moving it on by the count reserves the
    /// block (the write transaction holds the database's one write lock, so no insert runs in between).
    /// </summary>
    public async Task<long> ReserveIdsAsync(DbConnection connection, DbTransaction transaction, string table, long count, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync($"""
            INSERT OR IGNORE INTO sqlite_sequence (name, seq) VALUES ('{table}', 0);
            UPDATE sqlite_sequence SET seq = max(seq, (SELECT COALESCE(max(Id), 0) FROM {table})) + {count} WHERE name = '{table}';
            """, transaction, cancellationToken);
        return await connection.ScalarAsync($"SELECT seq FROM sqlite_sequence WHERE name = '{table}'", transaction, cancellationToken);
    }

    /// <summary>SQLite's rowids and <c>sqlite_sequence</c> already follow the largest id an insert wrote.</summary>
    public Task AlignIdsAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    public string LastIdGiven(string table) => $"SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '{table}'), 0)";

    /// <summary>
    /// The tables are found in sqlite_master rather than named, so the reset follows the schema; virtual tables (the
    /// full-text index) are dropped with their shadow tables.
    /// </summary>
    public async Task WipeAsync(DbConnection connection, IReadOnlySet<string> keptTables, CancellationToken cancellationToken)
    {
        var ordinary = new List<string>();
        var virtualTables = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var tableName = reader.GetString(0);
                var isVirtual = reader.GetString(1).StartsWith("CREATE VIRTUAL TABLE", StringComparison.OrdinalIgnoreCase);
                (isVirtual ? virtualTables : ordinary).Add(tableName);
            }
        }
        // A virtual table's shadow tables (SearchText_data …) go with it.
        ordinary.RemoveAll(t => keptTables.Contains(t) || virtualTables.Any(v => t.StartsWith(v + "_", StringComparison.OrdinalIgnoreCase)));

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("PRAGMA defer_foreign_keys = ON;", transaction, cancellationToken);
        foreach (var table in virtualTables)
        {
            await connection.ExecuteAsync($"DROP TABLE IF EXISTS {Quote(table)};", transaction, cancellationToken);
        }
        foreach (var table in ordinary)
        {
            await connection.ExecuteAsync($"DELETE FROM {Quote(table)};", transaction, cancellationToken);
        }
        var hasSequence = await connection.ScalarAsync("SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_sequence'", transaction, cancellationToken);
        if (hasSequence > 0)
        {
            // Ids start again where a fresh store starts them.
            await connection.ExecuteAsync(
                $"DELETE FROM sqlite_sequence WHERE name NOT IN ({string.Join(", ", keptTables.Select(t => "'" + t + "'"))});", transaction, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public Task SaveCopyAsync(DbConnection connection, string path, CancellationToken cancellationToken) =>
        SqliteFiles.SaveAsync(connection, path, cancellationToken);

    public Task LoadCopyAsync(string path, DbConnection connection, CancellationToken cancellationToken) =>
        SqliteFiles.LoadAsync(path, connection, cancellationToken);

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    public string WildcardPattern(string glob) => glob;

    public string MatchesWildcards(string text, string patternParameter) => $"{text} GLOB {patternParameter}";

    /// <summary><c>lf_upper</c> (<see cref="Upper"/>) and <c>lf_words</c> (<see cref="Words"/>), functions of the connection.</summary>
    public void AddTextFunctions(DbConnection connection, Func<string?, int, bool> words)
    {
        var sqlite = (SqliteConnection)connection;
        sqlite.CreateFunction("lf_upper", (string? text) => text?.ToUpperInvariant(), isDeterministic: true);
        sqlite.CreateFunction("lf_words", words, isDeterministic: true);
    }

    public string Words(string text, int matcher, IReadOnlyList<IReadOnlyList<WordTest>> requirements, Func<object, string> parameter) => $"lf_words({text}, {matcher.ToString(CultureInfo.InvariantCulture)})";

    /// <summary>An FTS5 table whose rowid is the key's id.</summary>
    public string CreateTextIndex => """
        CREATE VIRTUAL TABLE IF NOT EXISTS SearchText USING fts5(Text);
        CREATE TABLE IF NOT EXISTS SearchTextKeys (Id INTEGER PRIMARY KEY, Sha256 TEXT NOT NULL UNIQUE);
        CREATE TABLE IF NOT EXISTS SearchVocabulary (Word TEXT NOT NULL PRIMARY KEY, Length INTEGER NOT NULL, Texts INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS IX_SearchVocabulary_Length ON SearchVocabulary (Length);
        """;

    public string InsertIndexedText => """
        INSERT INTO SearchTextKeys (Sha256) VALUES (@sha);
        INSERT INTO SearchText (rowid, Text) VALUES (last_insert_rowid(), @text);
        """;

    public string MatchingTexts(string parameter) => $"SELECT rowid FROM SearchText WHERE SearchText MATCH {parameter}";

    public string FullTextQuery(string fts5Query) => fts5Query;

    public string SideStoreConnectionString(string storeConnectionString, string dataDirectory, string name) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, name + ".db"),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

    public Task PrepareSideStoreAsync(DbConnection connection, string name, CancellationToken cancellationToken) =>
        PrepareStoreAsync(connection, cancellationToken);

    /// <summary>
    /// <c>lf_lower</c> and <c>lf_upper</c>, functions of the connection: SQLite's own lower() and upper() change ASCII
    /// letters only.
    /// </summary>
    public void AddCaseFunctions(DbConnection connection)
    {
        var sqlite = (SqliteConnection)connection;
        sqlite.CreateFunction("lf_lower", (string? text) => text?.ToLowerInvariant(), isDeterministic: true);
        sqlite.CreateFunction("lf_upper", (string? text) => text?.ToUpperInvariant(), isDeterministic: true);
    }

    public string Lower(string text) => $"lf_lower({text})";

    /// <summary>SQLite's storage classes; booleans are integers 0 and 1, text compares by its UTF-8 bytes (BINARY).</summary>
    public string ColumnType(SideColumnType type) => type switch
    {
        SideColumnType.Integer or SideColumnType.Boolean => "INTEGER",
        SideColumnType.Real => "REAL",
        _ => "TEXT",
    };

    public string RowNumber => "rowid";

    public string RowNumberDeclaration => "";

    public string NullSafeEqual(string a, string b) => $"({a} IS {b})";

    public string NullSafeNotEqual(string a, string b) => $"({a} IS NOT {b})";

    /// <summary>CAST truncates toward zero; one less for negative numbers with a fraction (SQLite may lack floor()).</summary>
    public string Floor(string number) => $"(CAST({number} AS INTEGER) - ({number} < CAST({number} AS INTEGER)))";

    public string Ceiling(string number) => $"(CAST({number} AS INTEGER) + ({number} > CAST({number} AS INTEGER)))";

    public string IntegerOrNull(string text) =>
        $"(CASE WHEN length({text}) BETWEEN 1 AND 18 AND {text} NOT GLOB '*[^0-9]*' THEN CAST({text} AS INTEGER) END)";

    /// <summary>SQLite computes such values as null or real instead of failing.</summary>
    public bool IsInvalidValue(Exception exception) => false;

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
