using System.Net;
using System.Net.Http.Json;
using System.Text;
using LfRepo.Server.Tests.Documents;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Search;

[Trait("Engine", "Both")]
public sealed class ProximitySearchTests
{
    private static async Task<HttpClient> OrchardAsync(LfRepoApp app)
    {
        var client = await app.CreateSignedInClientAsync();
        await client.ImportAsync(1, Encoding.UTF8.GetBytes("maple pruning guide"), "near.txt", new { name = "Near" });
        await client.ImportAsync(1, Encoding.UTF8.GetBytes("maple one two three four five six seven eight pruning"), "far.txt", new { name = "Far" });
        await client.ImportAsync(1, Encoding.UTF8.GetBytes("cherry trees need pruning in winter"), "cherry.txt", new { name = "Cherry" });
        await client.ImportAsync(1, Encoding.UTF8.GetBytes("maple syrup recipes"), "syrup.txt", new { name = "Syrup" });
        return client;
    }

    [Fact]
    public async Task Within_and_not_within_compare_word_distances()
    {
        await using var app = new LfRepoApp();
        var client = await OrchardAsync(app);

        (await client.SearchNamesAsync("maple ^3 pruning")).Should().Equal("Near");
        (await client.SearchNamesAsync("maple ^10 pruning")).Should().Equal("Far", "Near");
        // NOT WITHIN: pages with "maple" where no "maple" is within 3 words of "pruning".
        (await client.SearchNamesAsync("maple -^3 pruning")).Should().Equal("Far", "Syrup");
        (await client.SearchNamesAsync("maple -^10 pruning")).Should().Equal("Syrup");
        (await client.SearchNamesAsync("(maple -^3 pruning) & syrup")).Should().Equal("Syrup");
    }

    [Fact]
    public async Task Grouped_sides_take_any_of_their_words()
    {
        await using var app = new LfRepoApp();
        var client = await OrchardAsync(app);

        // The reference's worked example 21.
        (await client.SearchNamesAsync("(maple | cherry) ^15 pruning")).Should().Equal("Cherry", "Far", "Near");
        // ^N allows at most N words between the two.
        (await client.SearchNamesAsync("(maple | cherry) ^2 pruning")).Should().Equal("Cherry", "Near");
        (await client.SearchNamesAsync("(maple | cherry) ^1 pruning")).Should().Equal("Near");
        (await client.SearchNamesAsync("pruning ^4 (cherry | syrup)")).Should().Equal("Cherry");
        (await client.SearchNamesAsync("maple ^3 pruning ^3 guide")).Should().Equal("Near");
        (await client.SearchNamesAsync("(maple | cherry) -^2 pruning")).Should().Equal("Far", "Syrup");
        (await client.SearchNamesAsync("(maple | cherry) -^1 pruning")).Should().Equal("Cherry", "Far", "Syrup");
    }

    [Fact]
    public async Task Proximity_with_fuzzy_words_finds_similar_spellings()
    {
        await using var app = new LfRepoApp();
        var client = await OrchardAsync(app);
        (await client.SearchNamesAsync("mapel ^3 prunin")).Should().BeEmpty();
        (await client.SearchNamesAsync("mapel ^3 prunin", "NumberOfLetters", 2)).Should().Equal("Near");
    }

    [Fact]
    public async Task Proximity_sides_must_be_document_text()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var brace = await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/SimpleSearches", new { searchCommand = "({LF:Name=\"x\"}) ^3 maple" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        brace.Str("detail").Should().Contain("document text");
        var mixed = await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/SimpleSearches", new { searchCommand = "(maple ^2 pruning) ^5 guide" }))
            .ShouldBeProblemAsync(HttpStatusCode.NotImplemented);
        mixed.Str("detail").Should().Contain("different distance");
    }
}
