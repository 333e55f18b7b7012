using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace LfRepo.Server.Storage;

/// <summary>
/// What differs between database engines, in one place: a second engine is a second implementation of this
/// interface, not edits across the features. Features ask the dialect instead of writing engine-specific SQL; the
/// rest of their SQL is the subset both engines read alike (<c>@name</c> parameters, <c>COALESCE</c>,
/// <c>INSERT … ON CONFLICT … DO NOTHING / DO UPDATE SET … = excluded.…</c>, <c>LIMIT … OFFSET …</c>, recursive CTEs).
/// </summary>
public interface IStoreDialect
{
    /// <summary>The engine's name as the <c>--store</c> option spells it.</summary>
    string Name { get; }

    /// <summary>A new, closed connection to the store.</summary>
    DbConnection CreateConnection(string connectionString);

    /// <summary>Points EF Core at the engine.</summary>
    void Configure(DbContextOptionsBuilder builder, string connectionString);

    /// <summary>Per-database settings made once at start, before the migrations (SQLite: WAL journal).</summary>
    Task PrepareStoreAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Holds the store's schema lock until the result is disposed, so that of several processes starting on one
    /// database only one migrates and seeds while the others wait (SQLite: one process per file, nothing to hold).
    /// </summary>
    Task<IAsyncDisposable> LockSchemaAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Holds a lock every process of the store sees, named by <paramref name="key"/>, on <paramref name="connection"/>
    /// until the result is disposed: <paramref name="shared"/> holds exclude only an exclusive one (SQLite: one
    /// process per file, nothing to hold).
    /// </summary>
    Task<IAsyncDisposable> LockAsync(DbConnection connection, long key, bool shared, CancellationToken cancellationToken);

    /// <summary>The names of the database's own tables (not the engine's).</summary>
    Task<IReadOnlyList<string>> ListTablesAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Stops the statements running on <paramref name="connection"/> when <paramref name="cancellationToken"/> is
    /// cancelled: a long query then fails (see <see cref="IsInterrupt"/>) instead of running to its end.
    /// </summary>
    IDisposable InterruptOn(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="exception"/> is a statement stopped by <see cref="InterruptOn"/>.</summary>
    bool IsInterrupt(Exception exception);

    /// <summary>
    /// Whether <paramref name="exception"/> (or the exception it wraps, as EF Core's <see cref="DbUpdateException"/>
    /// does) is a unique or other constraint the statement broke: the caller's "name taken" case.
    /// </summary>
    bool IsConstraintViolation(Exception exception);

    /// <summary>A transaction that only reads: one snapshot for several queries, without taking the write lock.</summary>
    Task<DbTransaction> BeginReadTransactionAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>SQL: the 1-based position of <paramref name="part"/> in <paramref name="text"/>, 0 when absent.</summary>
    string Position(string text, string part);

    /// <summary>SQL: the larger of two values (not the aggregate).</summary>
    string Greatest(string a, string b);

    /// <summary>
    /// Row locks for writers that must not cross: appended to a SELECT, <see cref="KeyShareLock"/> keeps the rows read
    /// from being deleted until the transaction ends, <see cref="UpdateLock"/> waits for such holders first. SQLite
    /// writes one transaction at a time and needs neither (empty).
    /// </summary>
    string KeyShareLock { get; }

    /// <inheritdoc cref="KeyShareLock"/>
    string UpdateLock { get; }

    /// <summary>SQL: the integers of the JSON array in <paramref name="jsonParameter"/>, as a one-column sub-query.</summary>
    string IntegersOfJson(string jsonParameter);

    /// <summary>SQL: <paramref name="text"/> upper-cased over all of Unicode, as .NET's invariant culture does.</summary>
    string Upper(string text);

    /// <summary>
    /// Reserves <paramref name="count"/> consecutive ids of <paramref name="table"/>'s identity column that no insert
    /// will ever be given, and returns the highest: the block is <c>last - count + 1 … last</c>.
    /// </summary>
    Task<long> ReserveIdsAsync(DbConnection connection, DbTransaction transaction, string table, long count, CancellationToken cancellationToken);

    /// <summary>
    /// Moves every identity column's counter past the largest id its table holds, after rows were written with
    /// explicit ids (seeds, restores), so that the next insert without an id does not collide (SQLite: nothing to do,
    /// its rowids follow the table).
    /// </summary>
    Task AlignIdsAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken);

    /// <summary>SQL: a scalar query giving the highest id <paramref name="table"/>'s identity ever gave out (0 when none).</summary>
    string LastIdGiven(string table);

    /// <summary>
    /// Deletes every row of every table of the store but <paramref name="keptTables"/> and drops the engine's
    /// full-text tables (their owner recreates them); ids then start again where a fresh store starts them.
    /// </summary>
    Task WipeAsync(DbConnection connection, IReadOnlySet<string> keptTables, CancellationToken cancellationToken);

    /// <summary>Writes a consistent copy of the whole store to the file <paramref name="path"/> (a snapshot).</summary>
    Task SaveCopyAsync(DbConnection connection, string path, CancellationToken cancellationToken);

    /// <summary>Replaces the whole store by the copy <see cref="SaveCopyAsync"/> wrote to <paramref name="path"/>.</summary>
    Task LoadCopyAsync(string path, DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// The engine's form of a wildcard pattern whose <c>*</c> is any text, <c>?</c> one character and <c>[…]</c> a set
    /// (SQLite's GLOB form, which the search language shares), for <see cref="MatchesWildcards"/>.
    /// </summary>
    string WildcardPattern(string glob);

    /// <summary>SQL: whether <paramref name="text"/> matches the <see cref="WildcardPattern"/> in <paramref name="patternParameter"/>, case-sensitively.</summary>
    string MatchesWildcards(string text, string patternParameter);

    /// <summary>
    /// Adds to <paramref name="connection"/> what the SQL of <see cref="Upper"/> and <see cref="Words"/> calls:
    /// <paramref name="words"/>(text, matcher) says whether the text holds the words of the search's matcher of that
    /// number.
    /// </summary>
    void AddTextFunctions(DbConnection connection, Func<string?, int, bool> words);

    /// <summary>
    /// SQL: whether <paramref name="text"/> holds the words of the search's matcher number <paramref name="matcher"/>,
    /// which are <paramref name="requirements"/>: each a run of words that must follow each other among the text's words
    /// (SQLite calls the matcher; PostgreSQL translates the requirements, giving <paramref name="parameter"/> each value
    /// it needs and using the name it returns).
    /// </summary>
    string Words(string text, int matcher, IReadOnlyList<IReadOnlyList<WordTest>> requirements, Func<object, string> parameter);

    /// <summary>
    /// SQL that creates, if missing, the full-text index: <c>SearchText</c> (the indexed texts, keyed by the id of their
    /// <c>SearchTextKeys</c> row), <c>SearchTextKeys</c> and <c>SearchVocabulary</c>.
    /// </summary>
    string CreateTextIndex { get; }

    /// <summary>SQL that indexes one text: <c>@sha</c> (its hash, a new key) and <c>@text</c>.</summary>
    string InsertIndexedText { get; }

    /// <summary>SQL: a sub-query of the <c>SearchTextKeys</c> ids of the texts that match the full-text query in <paramref name="parameter"/>.</summary>
    string MatchingTexts(string parameter);

    /// <summary>The value to bind to <see cref="MatchingTexts"/>'s parameter for a query built in SQLite FTS5's form.</summary>
    string FullTextQuery(string fts5Query);

    /// <summary>
    /// The connection string of a side store named <paramref name="name"/>: tables a feature makes and drops itself,
    /// outside the store's versioned schema (SQLite: the file <c>name.db</c> in the data folder; PostgreSQL: the schema
    /// <c>lf_name</c> of the store's database, alone on the search path).
    /// </summary>
    string SideStoreConnectionString(string storeConnectionString, string dataDirectory, string name);

    /// <summary>Makes a side store ready, once per process, before its first use (SQLite: WAL journal; PostgreSQL: its schema).</summary>
    Task PrepareSideStoreAsync(DbConnection connection, string name, CancellationToken cancellationToken);

    /// <summary>Adds to a side store's connection what the SQL of <see cref="Upper"/> and <see cref="Lower"/> calls.</summary>
    void AddCaseFunctions(DbConnection connection);

    /// <summary>SQL: <paramref name="text"/> lower-cased over all of Unicode, as .NET's invariant culture does.</summary>
    string Lower(string text);

    /// <summary>The SQL type of a column of <paramref name="type"/> in a table a feature declares itself; text compares by code point.</summary>
    string ColumnType(SideColumnType type);

    /// <summary>
    /// SQL naming each row's number in such a table, given in insertion order: the order rows are read in when no other
    /// order is asked for, and the seek key of paging (SQLite: its rowid; PostgreSQL: an identity column that
    /// <see cref="RowNumberDeclaration"/> declares).
    /// </summary>
    string RowNumber { get; }

    /// <summary>What a CREATE TABLE lists first to have <see cref="RowNumber"/> (empty, or a column and a comma).</summary>
    string RowNumberDeclaration { get; }

    /// <summary>SQL: whether two values are equal, nulls equal to each other and to nothing else (never null itself).</summary>
    string NullSafeEqual(string a, string b);

    /// <summary>SQL: <c>NOT</c> <see cref="NullSafeEqual"/>.</summary>
    string NullSafeNotEqual(string a, string b);

    /// <summary>SQL: the largest integer not above <paramref name="number"/>.</summary>
    string Floor(string number);

    /// <summary>SQL: the smallest integer not below <paramref name="number"/>.</summary>
    string Ceiling(string number);

    /// <summary>SQL: <paramref name="text"/> as an integer when it is only decimal digits (at most 18), otherwise null.</summary>
    string IntegerOrNull(string text);

    /// <summary>
    /// Whether <paramref name="exception"/> is a value a statement could not compute from its input (an overflow, a
    /// division by zero, a cast that does not apply): the caller's "bad query" case, not a fault of the server.
    /// </summary>
    bool IsInvalidValue(Exception exception);
}

/// <summary>The column types of tables a feature declares itself (<see cref="IStoreDialect.ColumnType"/>).</summary>
public enum SideColumnType
{
    Integer,
    Real,
    Text,
    Boolean,
}
