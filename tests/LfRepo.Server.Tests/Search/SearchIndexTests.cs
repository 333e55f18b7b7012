using System.Text;
using LfRepo.Server.Tests.Documents;
using LfRepo.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace LfRepo.Server.Tests.Search;

public sealed class SearchIndexTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "lfrepo-index-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task The_index_keeps_up_with_imports_across_restarts_and_rebuilds_an_older_layout()
    {
        await using (var first = new LfRepoApp { DataDir = _dataDir })
        {
            var client = await first.CreateSignedInClientAsync();
            await client.ImportAsync(1, Encoding.UTF8.GetBytes("alpha maple"), "a.txt", new { name = "A" });
            (await client.SearchNamesAsync("maple")).Should().Equal("A");
            await client.ImportAsync(1, Encoding.UTF8.GetBytes("beta maple"), "b.txt", new { name = "B" });
            (await client.SearchNamesAsync("maple")).Should().Equal("A", "B");
        }
        // An index in an earlier layout (one FTS5 table keyed by hash) that missed a text, as a store of an older
        // version would have it.
        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_dataDir, "lfrepo.db")}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                DROP TABLE SearchText; DROP TABLE SearchTextKeys; DROP TABLE SearchVocabulary;
                CREATE VIRTUAL TABLE SearchText USING fts5(Sha256 UNINDEXED, Text);
                INSERT INTO SearchText (Sha256, Text) VALUES ('0000', 'stale text');
                """;
            await command.ExecuteNonQueryAsync();
        }
        SqliteConnection.ClearAllPools();

        await using var second = new LfRepoApp { DataDir = _dataDir };
        var again = await second.CreateSignedInClientAsync();
        (await again.SearchNamesAsync("maple")).Should().Equal("A", "B");
        (await again.SearchNamesAsync("stale")).Should().BeEmpty();
        (await again.SearchNamesAsync("mapla", "NumberOfLetters", 1)).Should().Equal("A", "B");
    }

    [Fact]
    public async Task New_page_texts_are_indexed_in_the_background_before_any_search()
    {
        await using var app = new LfRepoApp(("LfRepo:Search:IndexIntervalSeconds", "0.05")) { DataDir = _dataDir };
        var client = await app.CreateSignedInClientAsync();
        await client.ImportAsync(1, Encoding.UTF8.GetBytes("gamma"), "g.txt", new { name = "G" });
        await client.ImportAsync(1, Encoding.UTF8.GetBytes("delta"), "d.txt", new { name = "D" });

        var indexed = 0L;
        for (var attempt = 0; attempt < 200 && indexed < 2; attempt++)
        {
            await Task.Delay(50);
            indexed = await IndexedTextsAsync();
        }
        indexed.Should().Be(2, "the indexer ran without a search asking for it");
        (await client.SearchNamesAsync("gamma | delta")).Should().Equal("D", "G");
    }

    [Fact]
    public async Task With_background_indexing_off_the_first_text_search_indexes()
    {
        await using var app = new LfRepoApp(("LfRepo:Search:IndexIntervalSeconds", "0")) { DataDir = _dataDir };
        var client = await app.CreateSignedInClientAsync();
        await client.ImportAsync(1, Encoding.UTF8.GetBytes("gamma"), "g.txt", new { name = "G" });
        await Task.Delay(300);
        (await IndexedTextsAsync()).Should().Be(0);
        (await client.SearchNamesAsync("gamma")).Should().Equal("G");
        (await IndexedTextsAsync()).Should().Be(1);
    }

    /// <summary>How many texts the index holds (0 before it exists), read beside the running server.</summary>
    private async Task<long> IndexedTextsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_dataDir, "lfrepo.db")};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT CASE WHEN EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'SearchTextKeys') THEN (SELECT count(*) FROM SearchTextKeys) ELSE 0 END";
        try
        {
            return (long)(await command.ExecuteScalarAsync())!;
        }
        catch (SqliteException)
        {
            // The table was just created by another connection whose schema this one has not seen yet.
            return 0;
        }
    }
}
