using System.Data.Common;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using LfRepo.Server.Documents;
using LfRepo.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace LfRepo.Server.Search;

/// <summary>
/// The full-text index: a table of the engine's full-text search (<c>SearchText</c>, FTS5 on SQLite) with one row per distinct page-text content, whose rowid
/// is the id of the content's SHA-256 in <c>SearchTextKeys</c>, and the vocabulary of the indexed texts
/// (<c>SearchVocabulary</c>: folded word, length, number of texts) for fuzzy matching. Content is immutable and
/// addressed by hash, so the index only ever gains texts: before a search of document text it indexes the page texts
/// added since (pages are only ever inserted, so it remembers the last page id it looked at), and searches join
/// through Pages, so copies, deleted pages and deleted entries need no index maintenance (and stores from before the
/// index are filled on their first search). The index is derived data: a store with an older layout of it is
/// re-indexed.
/// </summary>
public sealed class SearchTextIndex(StoreConnection store, ContentStore contents)
{
    /// <summary>Texts indexed per transaction (each transaction writes the vocabulary of its texts once).</summary>
    private const int BatchSize = 5000;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _created;
    private long _indexedThroughPageId;

    /// <summary>The table of the texts search sees instead of a page's text (<see cref="SearchTextPageRecord"/>).</summary>
    public const string PageTexts = "SearchTextPages";

    /// <summary>
    /// The SQL that finds entries with a page whose text matches the full-text query in <paramref name="parameter"/>:
    /// the page's own text, or on a page with redacted words, its text without them.
    /// </summary>
    public string EntryCondition(string parameter)
    {
        var matching = $"SELECT k.Sha256 FROM SearchTextKeys k WHERE k.Id IN ({store.Dialect.MatchingTexts(parameter)})";
        return $"e.Id IN (SELECT p.EntryId FROM Pages p WHERE p.TextSha256 IN ({matching}) AND NOT EXISTS (SELECT 1 FROM {PageTexts} r WHERE r.PageId = p.Id) " +
            $"UNION ALL SELECT p.EntryId FROM {PageTexts} r JOIN Pages p ON p.Id = r.PageId WHERE r.Sha256 IN ({matching}))";
    }

    /// <summary>
    /// Sets the text search sees on a page (by its row) instead of its own text, in <paramref name="db"/>'s unit of
    /// work (so in the caller's transaction); null goes back to the page's own text. The next catch-up indexes it.
    /// </summary>
    public static async Task SetPageTextAsync(LfRepoDbContext db, int pageId, string? text, CancellationToken cancellationToken)
    {
        var set = db.Set<SearchTextPageRecord>();
        var row = await set.FirstOrDefaultAsync(r => r.PageId == pageId, cancellationToken);
        if (text is null)
        {
            if (row is not null)
            {
                set.Remove(row);
            }
        }
        else
        {
            if (row is null)
            {
                row = new SearchTextPageRecord { PageId = pageId };
                set.Add(row);
            }
            row.Text = text;
            row.Sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Indexes the page texts added since the last catch-up.</summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await store.OpenAsync(cancellationToken);
            if (!_created)
            {
                await CreateAsync(connection, cancellationToken);
                _created = true;
            }
            // Pages are only inserted, with growing ids, and a page id is visible once its insert committed: every page
            // up to this id is visible now, and later pages are the next catch-up's.
            // Texts without redacted words are few, set on pages already indexed: each catch-up looks for new ones.
            var pageTexts = new List<(string, string?)>();
            await using (var find = connection.CreateCommand())
            {
                find.CommandText = $"SELECT DISTINCT r.Sha256, r.Text FROM {PageTexts} r WHERE NOT EXISTS (SELECT 1 FROM SearchTextKeys k WHERE k.Sha256 = r.Sha256)";
                await using var reader = await find.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    pageTexts.Add((reader.GetString(0), reader.GetString(1)));
                }
            }
            if (pageTexts.Count > 0)
            {
                await IndexAsync(connection, [.. pageTexts.DistinctBy(t => t.Item1)], cancellationToken);
            }
            var lastPage = await connection.ScalarAsync("SELECT coalesce(max(Id), 0) FROM Pages", null, cancellationToken);
            if (lastPage == _indexedThroughPageId)
            {
                return;
            }
            var pending = new List<(string, string?)>();
            await using (var find = connection.CreateCommand())
            {
                find.CommandText = """
                    SELECT DISTINCT p.TextSha256 FROM Pages p
                    WHERE p.Id > @from AND p.Id <= @to AND p.TextSha256 IS NOT NULL
                      AND NOT EXISTS (SELECT 1 FROM SearchTextKeys k WHERE k.Sha256 = p.TextSha256)
                    """;
                find.AddWithValue("@from", _indexedThroughPageId);
                find.AddWithValue("@to", lastPage);
                await using var reader = await find.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    pending.Add((reader.GetString(0), null));
                }
            }
            foreach (var batch in pending.Chunk(BatchSize))
            {
                await IndexAsync(connection, batch, cancellationToken);
            }
            _indexedThroughPageId = lastPage;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Forgets what was indexed, for a store whose tables were replaced (reset, snapshot restore): the next
    /// catch-up creates the index tables if they are gone and indexes every page text they do not hold.
    /// </summary>
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        _created = false;
        _indexedThroughPageId = 0;
        _gate.Release();
    }

    private async Task CreateAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var tables = await store.Dialect.ListTablesAsync(connection, cancellationToken);
        if (!tables.Contains("SearchTextKeys", StringComparer.OrdinalIgnoreCase) || !tables.Contains("SearchVocabulary", StringComparer.OrdinalIgnoreCase))
        {
            // An index of an earlier layout (or none): start it again; the first catch-up fills it from the pages.
            await connection.ExecuteAsync("""
                DROP TABLE IF EXISTS SearchTextWords;
                DROP TABLE IF EXISTS SearchText;
                DROP TABLE IF EXISTS SearchTextKeys;
                DROP TABLE IF EXISTS SearchVocabulary;
                """, null, cancellationToken);
        }
        await connection.ExecuteAsync(store.Dialect.CreateTextIndex, null, cancellationToken);
    }

    /// <summary>
    /// Indexes one batch of texts in one transaction: keys, FTS5 rows and the words they add to the vocabulary. A text
    /// given as null is read from the content file of its hash.
    /// </summary>
    private async Task IndexAsync(DbConnection connection, IReadOnlyList<(string Sha256, string? Text)> texts, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = store.Dialect.InsertIndexedText;
        var sha = insert.AddParameter("@sha");
        var text = insert.AddParameter("@text");
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (hash, given) in texts)
        {
            var content = given ?? await ReadAsync(hash, cancellationToken) ?? "";
            sha.Value = hash;
            text.Value = content;
            await insert.ExecuteNonQueryAsync(cancellationToken);
            foreach (var word in SearchWords.DistinctFoldedWords(content))
            {
                CollectionsMarshal.GetValueRefOrAddDefault(vocabulary, word, out _)++;
            }
        }
        await using var words = connection.CreateCommand();
        words.Transaction = transaction;
        words.CommandText = """
            INSERT INTO SearchVocabulary (Word, Length, Texts) VALUES (@word, @length, @texts)
            ON CONFLICT (Word) DO UPDATE SET Texts = SearchVocabulary.Texts + excluded.Texts
            """;
        var wordParameter = words.AddParameter("@word");
        var length = words.AddParameter("@length");
        var textCount = words.AddParameter("@texts");
        foreach (var (word, count) in vocabulary)
        {
            wordParameter.Value = word;
            length.Value = word.Length;
            textCount.Value = count;
            await words.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
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
            command.CommandText = "SELECT Word, Texts FROM SearchVocabulary WHERE Length BETWEEN @min AND @max";
            command.AddWithValue("@min", folded.Length - edits);
            command.AddWithValue("@max", folded.Length + edits);
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
