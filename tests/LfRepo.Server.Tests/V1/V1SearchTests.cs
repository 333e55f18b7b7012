using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.V1;

/// <summary>The v1 searches: search tokens, status, results, context hits, closing, and simple searches.</summary>
[Trait("Engine", "Both")]
public sealed class V1SearchTests
{
    private const string V1 = V1EntriesTests.V1;

    private static async Task<(string Token, HttpResponseMessage Created)> CreateAsync(HttpClient client, string command)
    {
        var created = await client.PostAsJsonAsync($"{V1}/Searches", new { searchCommand = command });
        var token = (await created.ShouldBeJsonAsync(HttpStatusCode.Created)).Str("token");
        return (token, created);
    }

    private static async Task<(HttpStatusCode Status, JsonObject Progress, HttpResponseMessage Response)> WaitAsync(HttpClient client, string token)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var response = await client.GetAsync($"{V1}/Searches/{token}");
            var status = response.StatusCode;
            var progress = await response.ShouldBeJsonAsync(status);
            if (status != HttpStatusCode.Accepted || DateTime.UtcNow > deadline)
            {
                return (status, progress, response);
            }
            await Task.Delay(20);
        }
    }

    private static IEnumerable<JsonObject> Rows(List<JsonObject> pages) => pages.SelectMany(p => p["value"]!.AsArray().Select(v => v!.AsObject()));

    [Fact]
    public async Task A_search_is_followed_through_its_token_to_paged_results_context_hits_and_closed()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var hr = await client.CreateFolderAsync(1, "HR");
        await client.CreateFoldersAsync(hr.Id(), 5, "Report");
        await client.CreateFolderAsync(1, "Other");

        var (token, created) = await CreateAsync(client, "{LF:Name=\"report*\", Type=F}");
        created.Headers.Location!.ToString().Should().EndWith($"/v1/Repositories/r-emulator/Searches/{token}");
        var (status, progress, response) = await WaitAsync(client, token);
        status.Should().Be(HttpStatusCode.Created);
        progress.Str("status").Should().Be("Completed");
        progress.Str("operationToken").Should().Be(token);
        progress.Str("redirectUri").Should().EndWith($"/v1/Repositories/r-emulator/Searches/{token}/Results");
        response.Headers.Location!.ToString().Should().Be(progress.Str("redirectUri"));

        var first = await (await client.GetAsync($"{V1}/Searches/{token}/Results?$count=true&$top=4&$select=name,elecDocumentSize"))
            .ShouldBeJsonAsync(HttpStatusCode.OK);
        first["@odata.count"]!.GetValue<int>().Should().Be(5);
        first.Str("@odata.context").Should().Contain("/v1/$metadata");
        first["value"]!.AsArray().Should().HaveCount(4);
        var pages = await client.ReadAllPagesAsync($"{V1}/Searches/{token}/Results", "maxpagesize=2");
        pages.Should().HaveCount(3);
        var all = Rows(pages).ToList();
        all.Select(r => r["rowNumber"]!.GetValue<int>()).Should().Equal(1, 2, 3, 4, 5);
        all.Should().OnlyContain(r => r.Str("name").StartsWith("Report") && r["fullPath"] == null);
        var skipped = await (await client.GetAsync($"{V1}/Searches/{token}/Results?$orderby=name desc&$skip=1&$top=2")).ShouldBeJsonAsync(HttpStatusCode.OK);
        skipped["value"]!.AsArray().Select(v => v!["rowNumber"]!.GetValue<int>()).Should().Equal(4, 3);

        var hits = await (await client.GetAsync($"{V1}/Searches/{token}/Results/1/ContextHits?$count=true")).ShouldBeJsonAsync(HttpStatusCode.OK);
        hits["@odata.count"]!.GetValue<int>().Should().Be(1);
        hits["value"]![0]!.AsObject().Str("hitType").Should().Be("Name");
        hits["value"]![0]!.AsObject().Str("context").Should().Be(all[0].Str("name"));
        await (await client.GetAsync($"{V1}/Searches/{token}/Results/9/ContextHits")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Search not found.");

        var closed = await (await client.DeleteAsync($"{V1}/Searches/{token}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        closed["value"]!.GetValue<bool>().Should().BeTrue();
        await (await client.GetAsync($"{V1}/Searches/{token}/Results")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Search not found.");
        await (await client.GetAsync($"{V1}/Searches/{token}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Search not found.");
    }

    [Fact]
    public async Task Results_take_fields_and_group_by_entry_type()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "Blue folder");
        await (await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Fields", new { fields = new[] { new { name = "Comment", values = new[] { "sky" } } } }))
            .ShouldBeJsonAsync(HttpStatusCode.OK);

        var (token, _) = await CreateAsync(client, "{LF:Name=\"Blue*\"}");
        (await WaitAsync(client, token)).Status.Should().Be(HttpStatusCode.Created);
        var page = await (await client.GetAsync($"{V1}/Searches/{token}/Results?fields=Comment&groupByEntryType=true&refresh=true")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var field = page["value"]![0]!["fields"]![0]!.AsObject();
        field.Str("fieldName").Should().Be("Comment");
        field["values"]![0]!.AsObject().Str("value").Should().Be("sky");
    }

    [Fact]
    public async Task Simple_search_answers_entries_in_the_v1_shape()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        await client.CreateFoldersAsync(1, 3, "Item");

        var found = await (await client.PostAsJsonAsync($"{V1}/SimpleSearches?$count=true&$orderby=name desc&$select=name", new { searchCommand = "{LF:Name=\"item*\"}" }))
            .ShouldBeJsonAsync(HttpStatusCode.OK);
        found["@odata.count"]!.GetValue<int>().Should().Be(3);
        found["value"]!.AsArray().Select(v => v!.AsObject().Str("name")).Should().BeInDescendingOrder();
        found["value"]!.AsArray().Select(v => v!["rowNumber"]!.GetValue<int>()).Should().Equal(1, 2, 3);
    }

    [Fact]
    public async Task Bad_syntax_unknown_tokens_and_bad_fuzzy_settings_answer_problems()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        foreach (var url in new[] { "/Searches", "/SimpleSearches" })
        {
            var problem = await (await client.PostAsJsonAsync(V1 + url, new { searchCommand = "{[Nope]}" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            problem["errorCode"]!.GetValue<int>().Should().Be(7872);
            await (await client.PostAsJsonAsync(V1 + url, new { searchCommand = "" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        }
        var fuzzy = await (await client.PostAsJsonAsync($"{V1}/Searches", new { searchCommand = "{LF:Name=\"x\"}", fuzzyType = "Percentage", fuzzyFactor = 180 }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        fuzzy.Str("detail").Should().Contain("fuzzyFactor 180");
        var noFactor = await (await client.PostAsJsonAsync($"{V1}/Searches", new { searchCommand = "{LF:Name=\"x\"}", fuzzyType = "NumberOfLetters" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        noFactor.Str("detail").Should().Contain("needs a fuzzyFactor");
        await (await client.GetAsync($"{V1}/Searches/nope")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Search not found.");
        var folder = await client.CreateFolderAsync(1, "Doomed");
        var deleteToken = (await (await client.DeleteAsync($"{V1}/Entries/{folder.Id()}")).ShouldBeJsonAsync(HttpStatusCode.Created)).Str("token");
        var notASearch = await (await client.GetAsync($"{V1}/Searches/{deleteToken}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Search not found.");
        notASearch.Str("detail").Should().Contain(deleteToken);
        await (await client.DeleteAsync($"{V1}/Searches/nope")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Search not found.");
        await (await client.GetAsync($"{V1}/Searches/nope/Results")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Search not found.");
    }
}
