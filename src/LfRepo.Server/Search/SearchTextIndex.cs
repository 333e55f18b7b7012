using System.Text;
using LfRepo.Server.Documents;
using LfRepo.Server.Storage;
using Microsoft.Data.Sqlite;

namespace LfRepo.Server.Search;

/// <summary>
/// The full-text index: an FTS5 table with one row per distinct page-text content (keyed by its SHA-256).
/// Content is immutable and addressed by hash, so the index only ever gains texts: before each search it indexes
/// the page texts not indexed yet, and searches join through Pages, so copies, deleted pages and deleted entries
/// need no index maintenance (and stores from before the index are filled on first search).
/// </summary>
public sealed class SearchTextIndex(StoreConnection store, ContentStore contents)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _created;

    /// <summary>The SQL that finds entries with a page whose text matches the FTS5 query in <paramref name="parameter"/>.</summary>
    public static string EntryCondition(string parameter) =>
        $"EXISTS (SELECT 1 FROM Pages p WHERE p.EntryId = e.Id AND p.TextSha256 IN (SELECT Sha256 FROM SearchText WHERE SearchText MATCH {parameter}))";

    /// <summary>Indexes the page texts added since the last search.</summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await store.OpenAsync(cancellationToken);
            if (!_created)
            {
                await connection.ExecuteAsync("CREATE VIRTUAL TABLE IF NOT EXISTS SearchText USING fts5(Sha256 UNINDEXED, Text)", null, cancellationToken);
                _created = true;
            }
            var pending = new List<string>();
            await using (var find = connection.CreateCommand())
            {
                find.CommandText = "SELECT DISTINCT TextSha256 FROM Pages WHERE TextSha256 IS NOT NULL AND TextSha256 NOT IN (SELECT Sha256 FROM SearchText)";
                await using var reader = await find.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    pending.Add(reader.GetString(0));
                }
            }
            if (pending.Count == 0)
            {
                return;
            }
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO SearchText (Sha256, Text) VALUES ($sha, $text)";
            var sha = insert.Parameters.Add("$sha", SqliteType.Text);
            var text = insert.Parameters.Add("$text", SqliteType.Text);
            foreach (var hash in pending)
            {
                sha.Value = hash;
                text.Value = await ReadAsync(hash, cancellationToken) ?? "";
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The text of a content file, or null when the file is gone (content collected meanwhile).</summary>
    public async Task<string?> ReadAsync(string sha256, CancellationToken cancellationToken)
    {
        try
        {
            using var reader = new StreamReader(contents.OpenRead(sha256), Encoding.UTF8);
            return await reader.ReadToEndAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
