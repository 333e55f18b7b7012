using LfRepo.Server.Hosting;
using Microsoft.Data.Sqlite;

namespace LfRepo.Server.Storage;

/// <summary>
/// Where the SQLite store lives. With <c>--in-memory</c> the store is a throwaway folder on a RAM-backed file
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
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(DataDirectory, "lfrepo.db"),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string ConnectionString { get; }

    public string DataDirectory { get; }

    public string Description => _throwaway ? "in memory (throwaway)" : DataDirectory;

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public void Dispose()
    {
        if (!_throwaway)
        {
            return;
        }
        SqliteConnection.ClearAllPools();
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
