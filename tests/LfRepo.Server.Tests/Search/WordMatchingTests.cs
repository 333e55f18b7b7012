using System.Text;
using LfRepo.Server.Search;
using LfRepo.Server.Storage;
using LfRepo.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LfRepo.Server.Tests.Search;

/// <summary>A fact that runs only on the PostgreSQL store (<c>LFREPO_TEST_STORE=postgres</c>).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestStore.OnPostgres)
        {
            Skip = "Runs on the PostgreSQL store only (LFREPO_TEST_STORE=postgres).";
        }
    }
}

/// <summary>
/// Word searches (<c>~=</c>) as the store's SQL runs them give what the in-process matcher gives: on SQLite the SQL
/// calls the matcher, on PostgreSQL it is translated (folding, word splitting, wildcards, fuzzy edits).
/// </summary>
[Trait("Engine", "Both")]
public sealed class WordMatchingTests
{
    private static readonly string[] Texts =
    [
        "", "   ", "Annual Report 2024", "annual-report_2024.pdf", "Café au lait", "CAFE AU LAIT", "naïve façade",
        "Straße und Maß", "STRASSE", "Ærøskøbing", "Ελληνικά γράμματα", "ΣΟΦΙΑ σοφία", "Москва ПРИВЕТ", "İstanbul ıi",
        "東京 タワー", "한국어 텍스트", "e\u0301le\u0300ve", "tab\tnew\nline", "a.b,c;d", "x*y?z", "[bracket] (paren)",
        "ǅungla ǈ", "Ⅻ roman", "٣٤ arabic digits", "emoji 😀 word", "𐐀𐐨 deseret", "mix3d W0rds 42", "ﬁ ligature",
        "Smith, John", "Jon Smyth", "report reports reported", "reprot", "the quick brown fox", "Ünïcödé",
    ];

    private static readonly (string Query, bool Leading, bool Trailing)[] Queries =
    [
        ("report", false, false), ("REPORT 2024", false, false), ("annual-report", false, false), ("rep*", false, false),
        ("*port", false, false), ("r?port", false, false), ("[rR]eport", false, false), ("[^x]eport", false, false),
        ("[a-z]nnual", false, false), ("cafe", false, false), ("café au", false, false), ("'au lait'", false, false),
        ("'lait au'", false, false), ("strasse", false, false), ("straße", false, false), ("ærø*", false, false),
        ("ελληνικα", false, false), ("σοφια", false, false), ("москва", false, false), ("istanbul", false, false),
        ("東京", false, false), ("eleve", false, false), ("new line", false, false), ("a-b", false, false),
        ("x y z", false, false), ("bracket", false, false), ("dzungla", false, false), ("ǆungla", false, false),
        ("word", false, false), ("deseret", false, false), ("w0rds", false, false), ("fi", false, false),
        ("smith john", false, false), ("'smith john'", false, false), ("port", true, false), ("rep", false, true),
        ("epor", true, true), ("quick fox", false, false), ("unicode", false, false), ("*", false, false),
        ("report*", false, false), ("?", false, false), ("[0-9]*", false, false),
    ];

    private static readonly SearchFuzziness[] Fuzzinesses =
    [
        SearchFuzziness.None, new(FuzzyType.NumberOfLetters, 1), new(FuzzyType.NumberOfLetters, 2), new(FuzzyType.Percentage, 80),
    ];

    [Fact]
    public async Task The_store_finds_the_words_the_matcher_finds()
    {
        await using var app = new LfRepoApp();
        _ = app.CreateClient();
        var store = app.Services.GetRequiredService<StoreConnection>();
        await using var connection = await store.OpenAsync(CancellationToken.None);
        var differences = new List<string>();
        var matched = 0;
        foreach (var fuzziness in Fuzzinesses)
        {
            foreach (var (query, leading, trailing) in Queries)
            {
                var trimmed = query.Trim();
                IEnumerable<string> words = trimmed.Length > 1 && trimmed.StartsWith('\'') && trimmed.EndsWith('\'')
                    ? [trimmed[1..^1]]
                    : trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                var requirements = words.Select(w => (IReadOnlyList<string>)SearchWords.PatternTokens(w.ToUpperInvariant())).Where(t => t.Count > 0).ToList();
                var matcher = new SearchWordMatcher(requirements, leading, trailing, fuzziness);
                var parameters = new List<(string Name, object Value)>();
                string Param(object value)
                {
                    var name = "@p" + parameters.Count;
                    parameters.Add((name, value));
                    return name;
                }
                var condition = store.Dialect.Words("@text", 0, matcher.Tests, Param);
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT CASE WHEN {condition} THEN 1 ELSE 0 END";
                var text = command.AddParameter("@text");
                foreach (var (name, value) in parameters)
                {
                    command.AddWithValue(name, value);
                }
                store.Dialect.AddTextFunctions(connection, (t, _) => matcher.Matches(t));
                foreach (var candidate in Texts)
                {
                    text.Value = candidate;
                    var inStore = Convert.ToInt64(await command.ExecuteScalarAsync()) == 1;
                    var inProcess = matcher.Matches(candidate);
                    matched += inProcess ? 1 : 0;
                    if (inStore != inProcess)
                    {
                        differences.Add($"{query} (L={leading}, T={trailing}, {fuzziness}) on \"{candidate}\": store {inStore}, matcher {inProcess}");
                    }
                }
            }
        }
        differences.Should().BeEmpty();
        matched.Should().BeGreaterThan(100, "the cases must match often enough to tell a match from none");
    }

    [PostgresFact]
    public async Task The_store_folds_and_splits_every_character_as_the_matcher_does()
    {
        await using var app = new LfRepoApp();
        _ = app.CreateClient();
        var store = app.Services.GetRequiredService<StoreConnection>();
        await using var connection = await store.OpenAsync(CancellationToken.None);
        // Every BMP character, in chunks, beside letters so that folding and separators both show.
        var samples = new List<string>();
        var chunk = new StringBuilder();
        for (var c = 1; c <= 0xFFFF; c++)
        {
            if (char.IsSurrogate((char)c) || !Normalizable((char)c))
            {
                continue;
            }
            chunk.Append('a').Append((char)c).Append(' ');
            if (chunk.Length > 3000)
            {
                samples.Add(chunk.ToString());
                chunk.Clear();
            }
        }
        samples.Add(chunk.ToString());
        samples.AddRange(["Café", "e\u0301", "😀x", "ǅ", "ﬁ", "한국어", "\u1100\u1161\u11a8"]);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT lf_word_text(@t)";
        var parameter = command.AddParameter("@t");
        var differences = new List<string>();
        foreach (var sample in samples)
        {
            parameter.Value = sample;
            var inStore = (string)(await command.ExecuteScalarAsync())!;
            var folded = SearchWords.Fold(sample);
            var tokens = SearchWords.Tokens(folded).Select(t => folded.Substring(t.Start, t.Length)).ToList();
            var expected = tokens.Count == 0 ? " " : " " + string.Join(' ', tokens) + " ";
            if (inStore != expected)
            {
                var storeWords = inStore.Trim().Split(' ');
                var first = storeWords.Zip(tokens).FirstOrDefault(p => p.First != p.Second);
                differences.Add($"store '{first.First}' ({string.Join(" ", (first.First ?? "").Select(ch => ((int)ch).ToString("x4")))}) vs matcher '{first.Second}' ({string.Join(" ", (first.Second ?? "").Select(ch => ((int)ch).ToString("x4")))})");
            }
        }
        differences.Should().BeEmpty();
    }

    /// <summary>Whether .NET normalises the character (it refuses noncharacters such as U+FFFE; the API refuses them too).</summary>
    private static bool Normalizable(char c)
    {
        try
        {
            _ = c.ToString().Normalize(NormalizationForm.FormD);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
