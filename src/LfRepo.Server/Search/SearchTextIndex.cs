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
                await connection.ExecuteAsync("""
                    CREATE VIRTUAL TABLE IF NOT EXISTS SearchText USING fts5(Sha256 UNINDEXED, Text);
                    CREATE VIRTUAL TABLE IF NOT EXISTS SearchTextWords USING fts5vocab(SearchText, 'row');
                    """, null, cancellationToken);
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

    /// <summary>Fuzzy matching keeps at most this many indexed words for one searched word, the closest ones.</summary>
    public const int MaxFuzzyWords = 50;

    /// <summary>
    /// The indexed words within the fuzzy edits of <paramref name="folded"/> (a folded word), closest and then most
    /// frequent first, the word itself always among them. Call after <see cref="CatchUpAsync"/>.
    /// </summary>
    public async Task<List<string>> SimilarWordsAsync(string folded, SearchFuzziness fuzziness, CancellationToken cancellationToken)
    {
        var edits = fuzziness.MaxEdits(folded.Length);
        var found = new List<(string Word, int Distance, long Documents)>();
        if (edits > 0)
        {
            await using var connection = await store.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT term, doc FROM SearchTextWords WHERE length(term) BETWEEN $min AND $max";
            command.Parameters.AddWithValue("$min", folded.Length - edits);
            command.Parameters.AddWithValue("$max", folded.Length + edits);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var word = reader.GetString(0);
                var distance = SearchWords.EditDistance(folded, word, edits);
                if (distance <= edits && word != folded)
                {
                    found.Add((word, distance, reader.GetInt64(1)));
                }
            }
        }
        var words = new List<string>(Math.Min(found.Count + 1, MaxFuzzyWords)) { folded };
        words.AddRange(found.OrderBy(f => f.Distance).ThenByDescending(f => f.Documents).ThenBy(f => f.Word, StringComparer.Ordinal)
            .Take(MaxFuzzyWords - 1).Select(f => f.Word));
        return words;
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
