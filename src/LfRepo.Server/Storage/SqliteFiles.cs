using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace LfRepo.Server.Storage;

/// <summary>
/// Whole-database copies of SQLite files (snapshots of a SQLite store): SQLite's online
/// backup, which copies a consistent image while other connections go on.
/// </summary>
public static class SqliteFiles
{
    /// <summary>Writes <paramref name="live"/>'s database to the file <paramref name="path"/>, one self-contained file.</summary>
    public static async Task SaveAsync(DbConnection live, string path, CancellationToken cancellationToken)
    {
        await using var file = Open(path);
        await file.OpenAsync(cancellationToken);
        ((SqliteConnection)live).BackupDatabase(file);
        // One self-contained file, ready to be archived.
        await file.ExecuteAsync("PRAGMA journal_mode = DELETE;", null, cancellationToken);
    }

    /// <summary>Replaces <paramref name="live"/>'s database by the file <paramref name="path"/>.</summary>
    public static async Task LoadAsync(string path, DbConnection live, CancellationToken cancellationToken)
    {
        await using var saved = Open(path);
        await saved.OpenAsync(cancellationToken);
        saved.BackupDatabase((SqliteConnection)live);
    }

    /// <summary>A connection (closed) to the database file <paramref name="path"/>, created when missing.</summary>
    public static DbConnection OpenFile(string path) => Open(path);

    private static SqliteConnection Open(string path) => new(new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = false,
    }.ToString());
}
