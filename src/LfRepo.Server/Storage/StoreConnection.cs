using System.Data.Common;
using LfRepo.Server.Hosting;
using Microsoft.Data.Sqlite;

namespace LfRepo.Server.Storage;

/// <summary>
/// Where the store lives and how to open it: <see cref="Dialect"/> is the engine, <see cref="OpenAsync"/> a
/// connection to it for the SQL a feature writes by hand. Where the SQLite store lives: With <c>--in-memory</c> the store is a throwaway folder on a RAM-backed file
/// system (/dev/shm where there is one, else the temp folder), removed when the process stops: it then behaves
/// exactly like a file store (WAL, concurrent readers), which SQLite's shared-cache memory databases do not.
/// </summary>
public sealed class StoreConnection : IDisposable
{
    private readonly bool _throwaway;

    public StoreConnection(EmulatorOptions options)
    {
        _throwaway = options.InMemory;
        DataDirectory = _throwaway ? CreateThrowawayFolder() : Path.GetFullPath(options.DataDir);
        Directory.CreateDirectory(DataDirectory);
        if (options.Store.IsPostgres)
        {
            if (string.IsNullOrWhiteSpace(options.Store.ConnectionString))
            {
                throw new InvalidOperationException(
                    "--store postgres needs --connection-string \"Host=…;Port=…;Database=…;Username=…;Password=…\" (LfRepo:Store:ConnectionString).");
            }
            ConnectionString = options.Store.ConnectionString;
            Dialect = new PostgresDialect(ConnectionString);
            return;
        }
        if (!string.Equals(options.Store.Provider, StoreOptions.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"--store '{options.Store.Provider}' is not an engine LfRepo knows; use sqlite or postgres.");
        }
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(DataDirectory, "lfrepo.db"),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        Dialect = new SqliteDialect();
    }

    /// <summary>The engine: what SQL differs between engines is asked of it.</summary>
    public IStoreDialect Dialect { get; }

    public string ConnectionString { get; }

    public string DataDirectory { get; }

    public string Description => Dialect is PostgresDialect postgres
        ? $"{postgres.DatabaseDescription}, content in {(_throwaway ? "a throwaway folder" : DataDirectory)}"
        : _throwaway ? "in memory (throwaway)" : DataDirectory;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = Dialect.CreateConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public void Dispose()
    {
        if (!_throwaway)
        {
            return;
        }
        if (Dialect is SqliteDialect)
        {
            SqliteConnection.ClearAllPools();
        }
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere; the OS cleans temp folders eventually.
        }
    }

    private static string CreateThrowawayFolder()
    {
        var root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        return Path.Combine(root, "lfrepo-" + Guid.NewGuid().ToString("N"));
    }
}
