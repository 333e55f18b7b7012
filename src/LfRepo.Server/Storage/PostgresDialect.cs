using System.Data;
using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LfRepo.Server.Storage;

/// <summary>
/// The PostgreSQL engine: several LfRepo processes serve one database (the content stays in a data folder they
/// share). The model's names are lower case (<see cref="PostgresStoreContext"/>), so the features' unquoted SQL
/// names the model's tables and columns.
/// </summary>
public sealed class PostgresDialect(string connectionString) : IStoreDialect
{
    /// <summary>The advisory lock key of the schema (migrations and seeds): "LfRepo" in ASCII.</summary>
    private const long SchemaLockKey = 0x4C_66_52_65_70_6F;

    public string Name => "postgres";

    /// <summary>Database and server, without the credentials, for the start-up banner and health.</summary>
    public string DatabaseDescription
    {
        get
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return $"PostgreSQL database '{builder.Database}' on {builder.Host}:{builder.Port}";
        }
    }

    public DbConnection CreateConnection(string connectionString) => new NpgsqlConnection(connectionString);

    public void Configure(DbContextOptionsBuilder builder, string connectionString) => ConfigureModel(builder, connectionString);

    /// <summary>The options the runtime and <c>dotnet ef</c> share.</summary>
    public static void ConfigureModel(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString);

    /// <summary>
    /// The functions search uses: word folding and matching (<see cref="PostgresWords"/>, no extension needed) and
    /// <c>lf_unaccent</c>, the accent folding of the full-text index: the <c>unaccent</c> extension's when it is there or
    /// may be created, else <c>lf_fold</c>'s (a database user who may not create extensions still gets a working store).
    /// <c>pg_trgm</c> is created when allowed; the vocabulary's trigram index is made only with it.
    /// </summary>
    public async Task PrepareStoreAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(PostgresWords.CreateFunctions(), null, cancellationToken);
        var unaccent = await TryCreateExtensionAsync(connection, "unaccent", cancellationToken);
        await TryCreateExtensionAsync(connection, "pg_trgm", cancellationToken);
        await connection.ExecuteAsync(unaccent
            ? """
              CREATE OR REPLACE FUNCTION lf_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
                  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
              """
            : """
              CREATE OR REPLACE FUNCTION lf_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
                  AS $$ SELECT lf_fold($1) $$;
              """, null, cancellationToken);
    }

    /// <summary>Creates <paramref name="extension"/> if missing; false when it is missing and may not be created here.</summary>
    private static async Task<bool> TryCreateExtensionAsync(DbConnection connection, string extension, CancellationToken cancellationToken)
    {
        try
        {
            await connection.ExecuteAsync($"CREATE EXTENSION IF NOT EXISTS {extension} SCHEMA public", null, cancellationToken);
            return true;
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.UndefinedFile
            or PostgresErrorCodes.FeatureNotSupported or PostgresErrorCodes.InvalidSchemaName)
        {
            return await connection.ScalarAsync($"SELECT count(*) FROM pg_extension WHERE extname = '{extension}'", null, cancellationToken) > 0;
        }
    }

    /// <summary>A session advisory lock: the first process to start migrates and seeds, the others wait for it.</summary>
    public Task<IAsyncDisposable> LockSchemaAsync(DbConnection connection, CancellationToken cancellationToken) =>
        LockAsync(connection, SchemaLockKey, shared: false, cancellationToken);

    /// <summary>A session advisory lock, released explicitly (a pooled connection keeps its session when closed).</summary>
    public async Task<IAsyncDisposable> LockAsync(DbConnection connection, long key, bool shared, CancellationToken cancellationToken)
    {
        var kind = shared ? "_shared" : "";
        await connection.ExecuteAsync($"SELECT pg_advisory_lock{kind}({key})", null, cancellationToken);
        return new AdvisoryLock(connection, $"SELECT pg_advisory_unlock{kind}({key})");
    }

    public async Task<IReadOnlyList<string>> ListTablesAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var names = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }

    /// <summary>pg_cancel_backend from a second connection: the running statement ends with query_canceled (57014).</summary>
    public IDisposable InterruptOn(DbConnection connection, CancellationToken cancellationToken)
    {
        var processId = ((NpgsqlConnection)connection).ProcessID;
        return cancellationToken.Register(() =>
        {
            using var canceller = new NpgsqlConnection(connectionString);
            canceller.Open();
            using var command = canceller.CreateCommand();
            command.CommandText = $"SELECT pg_cancel_backend({processId})";
            command.ExecuteNonQuery();
        });
    }

    public bool IsInterrupt(Exception exception) => exception is PostgresException { SqlState: PostgresErrorCodes.QueryCanceled };

    /// <summary>Class 23: integrity constraint violations (unique, foreign key, not null, check).</summary>
    public bool IsConstraintViolation(Exception exception) =>
        exception is PostgresException { SqlState: [ '2', '3', .. ] }
        || exception.InnerException is PostgresException { SqlState: [ '2', '3', .. ] };

    /// <summary>REPEATABLE READ: every query of the transaction sees one snapshot.</summary>
    public async Task<DbTransaction> BeginReadTransactionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);

    public string Position(string text, string part) => $"strpos({text}, {part})";

    public string KeyShareLock => " FOR KEY SHARE";

    public string UpdateLock => " FOR UPDATE";

    public string Greatest(string a, string b) => $"GREATEST({a}, {b})";

    public string IntegersOfJson(string jsonParameter) => $"SELECT CAST(value AS integer) FROM json_array_elements_text(CAST({jsonParameter} AS json))";

    /// <summary>PostgreSQL's upper() folds all of Unicode in a UTF-8 database, under the database's own collation (see <see cref="Lower"/>).</summary>
    public string Upper(string text) => $"upper(({text}) COLLATE \"default\")";

    /// <summary>
    /// The identity sequence is moved on by the count while the table is locked against inserts (SHARE ROW
    /// EXCLUSIVE lets readers go on): no insert can take an id from the block in between.
    /// </summary>
    public async Task<long> ReserveIdsAsync(DbConnection connection, DbTransaction transaction, string table, long count, CancellationToken cancellationToken)
    {
        var name = table.ToLowerInvariant();
        await connection.ExecuteAsync($"LOCK TABLE {name} IN SHARE ROW EXCLUSIVE MODE", transaction, cancellationToken);
        return await connection.ScalarAsync($"""
            SELECT setval(pg_get_serial_sequence('{name}', 'id'),
                GREATEST(COALESCE(pg_sequence_last_value(pg_get_serial_sequence('{name}', 'id')), 0), (SELECT COALESCE(max(id), 0) FROM {name})) + {count})
            """, transaction, cancellationToken);
    }

    /// <summary>Each identity sequence of the schema is set to its table's largest id when that is past what it gave out.</summary>
    public Task AlignIdsAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken) =>
        connection.ExecuteAsync("""
            DO $$
            DECLARE
                c record;
                top bigint;
            BEGIN
                FOR c IN
                    SELECT table_name, column_name, pg_get_serial_sequence(quote_ident(table_name), column_name) AS seq
                    FROM information_schema.columns
                    WHERE table_schema = current_schema() AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')
                LOOP
                    EXECUTE format('SELECT max(%I) FROM %I', c.column_name, c.table_name) INTO top;
                    IF top IS NOT NULL AND top > COALESCE(pg_sequence_last_value(c.seq::regclass), 0) THEN
                        PERFORM setval(c.seq, top);
                    END IF;
                END LOOP;
            END $$;
            """, transaction, cancellationToken);

    public string LastIdGiven(string table) =>
        $"SELECT COALESCE(pg_sequence_last_value(pg_get_serial_sequence('{table.ToLowerInvariant()}', 'id')), 0)";

    /// <summary>TRUNCATE … RESTART IDENTITY: rows go and ids start again where a fresh store starts them.</summary>
    public async Task WipeAsync(DbConnection connection, IReadOnlySet<string> keptTables, CancellationToken cancellationToken)
    {
        var tables = (await ListTablesAsync(connection, cancellationToken))
            .Where(t => !keptTables.Contains(t) && !keptTables.Any(k => string.Equals(k, t, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        await connection.ExecuteAsync("DROP TABLE IF EXISTS searchtext;", null, cancellationToken);
        tables.RemoveAll(t => t == "searchtext");
        if (tables.Count > 0)
        {
            await connection.ExecuteAsync($"TRUNCATE {string.Join(", ", tables.Select(Quote))} RESTART IDENTITY CASCADE;", null, cancellationToken);
        }
    }

    /// <summary>A SQLite file of this release's schema holding the store's rows (<see cref="PostgresCopies"/>).</summary>
    public Task SaveCopyAsync(DbConnection connection, string path, CancellationToken cancellationToken) =>
        PostgresCopies.SaveAsync((NpgsqlConnection)connection, path, cancellationToken);

    public Task LoadCopyAsync(string path, DbConnection connection, CancellationToken cancellationToken) =>
        PostgresCopies.LoadAsync(path, (NpgsqlConnection)connection, cancellationToken);

    /// <summary>A glob (<c>* ? [set] [!set]</c>) as an anchored POSIX regular expression.</summary>
    public string WildcardPattern(string glob)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            switch (c)
            {
                case '*':
                    regex.Append(".*");
                    break;
                case '?':
                    regex.Append('.');
                    break;
                case '[':
                    var end = glob.IndexOf(']', i + 2);
                    if (end < 0)
                    {
                        regex.Append(@"\[");
                        break;
                    }
                    var set = glob[(i + 1)..end];
                    regex.Append('[').Append(set.StartsWith('!') ? "^" + set[1..] : set).Append(']');
                    i = end;
                    break;
                default:
                    if (char.IsAsciiLetterOrDigit(c) || c > 127)
                    {
                        regex.Append(c);
                    }
                    else
                    {
                        regex.Append('\\').Append(c);
                    }
                    break;
            }
        }
        return regex.Append('$').ToString();
    }

    public string MatchesWildcards(string text, string patternParameter) => $"{text} ~ {patternParameter}";

    /// <summary>The matcher runs in SQL (<see cref="Words"/>): nothing to add to the connection.</summary>
    public void AddTextFunctions(DbConnection connection, Func<string?, int, bool> words)
    {
    }

    /// <summary>The requirements translated to regular expressions over <c>lf_word_text</c> (<see cref="PostgresWords"/>).</summary>
    public string Words(string text, int matcher, IReadOnlyList<IReadOnlyList<WordTest>> requirements, Func<object, string> parameter) =>
        PostgresWords.Matches(text, requirements, parameter);

    /// <summary>The texts with a tsvector of their accent-folded words (GIN indexed); keys and vocabulary as on SQLite.</summary>
    public string CreateTextIndex => """
        CREATE TABLE IF NOT EXISTS searchtextkeys (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, sha256 text NOT NULL UNIQUE);
        CREATE TABLE IF NOT EXISTS searchtext (id bigint PRIMARY KEY, document tsvector NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_searchtext_document ON searchtext USING GIN (document);
        CREATE TABLE IF NOT EXISTS searchvocabulary (word text NOT NULL PRIMARY KEY, length integer NOT NULL, texts integer NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_searchvocabulary_length ON searchvocabulary (length);
        DO $$ BEGIN
            IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
                CREATE INDEX IF NOT EXISTS ix_searchvocabulary_word_trgm ON searchvocabulary USING GIN (word gin_trgm_ops);
            END IF;
        END $$;
        """;

    public string InsertIndexedText => """
        WITH k AS (INSERT INTO searchtextkeys (sha256) VALUES (@sha) RETURNING id)
        INSERT INTO searchtext (id, document) SELECT k.id, to_tsvector('simple', lf_unaccent(@text)) FROM k;
        """;

    /// <summary>The search's FTS5-form query, as <c>to_tsquery</c> text (<see cref="PostgresFullText"/>), accents folded as the index's.</summary>
    public string MatchingTexts(string parameter) =>
        $"SELECT id FROM searchtext WHERE document @@ to_tsquery('simple', lf_unaccent({parameter}))";

    public string FullTextQuery(string fts5Query) => PostgresFullText.ToTsQuery(fts5Query);

    public string SideStoreConnectionString(string storeConnectionString, string dataDirectory, string name) =>
        new NpgsqlConnectionStringBuilder(storeConnectionString) { SearchPath = SideSchema(name) }.ToString();

    public Task PrepareSideStoreAsync(DbConnection connection, string name, CancellationToken cancellationToken) =>
        connection.ExecuteAsync($"CREATE SCHEMA IF NOT EXISTS {Quote(SideSchema(name))}", null, cancellationToken);

    /// <summary>A side store's schema: <c>lf_</c> and its name, apart from the database's other schemas.</summary>
    private static string SideSchema(string name) => "lf_" + name;

    public void AddCaseFunctions(DbConnection connection)
    {
    }

    /// <summary>
    /// The database's own case mapping (Unicode under a UTF-8 locale); the text's collation is set aside, since a
    /// column compared by code point (<c>COLLATE "C"</c>) would map ASCII letters only.
    /// </summary>
    public string Lower(string text) => $"lower(({text}) COLLATE \"default\")";

    /// <summary>Text compares by code point (<c>COLLATE "C"</c>), as SQLite's BINARY does.</summary>
    public string ColumnType(SideColumnType type) => type switch
    {
        SideColumnType.Integer => "bigint",
        SideColumnType.Boolean => "boolean",
        SideColumnType.Real => "double precision",
        _ => "text COLLATE \"C\"",
    };

    public string RowNumber => "\"_row\"";

    public string RowNumberDeclaration => "\"_row\" bigint GENERATED ALWAYS AS IDENTITY, ";

    public string NullSafeEqual(string a, string b) => $"({a} IS NOT DISTINCT FROM {b})";

    public string NullSafeNotEqual(string a, string b) => $"({a} IS DISTINCT FROM {b})";

    public string Floor(string number) => $"floor({number})";

    public string Ceiling(string number) => $"ceil({number})";

    public string IntegerOrNull(string text) => $"(CASE WHEN {text} ~ '^[0-9]{{1,18}}$' THEN CAST({text} AS bigint) END)";

    /// <summary>Class 22: data exceptions (numeric value out of range, division by zero, invalid text representation).</summary>
    public bool IsInvalidValue(Exception exception) =>
        exception is PostgresException { SqlState: ['2', '2', ..] }
        || exception.InnerException is PostgresException { SqlState: ['2', '2', ..] };

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    private sealed class AdvisoryLock(DbConnection connection, string unlock) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await connection.ExecuteAsync(unlock, null, CancellationToken.None);
    }
}
