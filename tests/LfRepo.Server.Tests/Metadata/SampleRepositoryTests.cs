using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LfRepo.Server.Tests.Infrastructure;
using LfRepo.Server.Tests.Search;

namespace LfRepo.Server.Tests.Metadata;

/// <summary>The built-in sample repository, <c>--seed empty</c>, and seed files that put metadata and links on entries.</summary>
[Trait("Engine", "Both")]
public sealed class SampleRepositoryTests : IDisposable
{
    private readonly List<string> _files = [];

    public void Dispose()
    {
        foreach (var file in _files)
        {
            if (Directory.Exists(file))
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(file, recursive: true);
            }
            else
            {
                File.Delete(file);
            }
        }
    }

    private static async Task<JsonArray> ValuesAsync(HttpClient client, string path) =>
        (await (await client.GetAsync($"{LfRepoApp.V2}{path}")).ShouldBeJsonAsync(HttpStatusCode.OK))["value"]!.AsArray();

    private static async Task<JsonObject> ByPathAsync(HttpClient client, string fullPath) =>
        (await (await client.GetAsync($"{LfRepoApp.V2}/Entries/ByPath?fullPath={Uri.EscapeDataString(fullPath)}")).ShouldBeJsonAsync(HttpStatusCode.OK))["entry"]!.AsObject();

    private string SeedFile(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"lfrepo-seed-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        _files.Add(path);
        return path;
    }

    [Fact]
    public async Task A_fresh_server_holds_a_small_real_repository()
    {
        await using var app = new LfRepoApp(LfRepoApp.SampleSeed);
        var client = await app.CreateSignedInClientAsync();

        var children = await ValuesAsync(client, "/Entries/1/Folder/Children");
        var fields = await ValuesAsync(client, "/Entries/1/Fields");
        var tags = await ValuesAsync(client, "/Entries/1/Tags");
        var links = await ValuesAsync(client, "/Entries/1/Links");

        children.Select(c => c!["name"]!.GetValue<string>()).Should().Contain(["Projects", "Invoices", "Welcome"]);
        fields.Select(f => f!["name"]!.GetValue<string>()).Should().BeEquivalentTo(["Text", "Comment"]);
        tags.Select(t => t!["name"]!.GetValue<string>()).Should().BeEquivalentTo(["Reviewed", "Needs Attention"]);
        links.Should().HaveCount(2);
        links.Select(l => l!["targetId"]!.GetValue<int>()).Should().BeEquivalentTo(
            [(await ByPathAsync(client, "\\Projects")).Id(), (await ByPathAsync(client, "\\Invoices")).Id()]);
    }

    [Fact]
    public async Task The_sample_has_documents_with_pages_and_text_an_electronic_document_metadata_and_links()
    {
        await using var app = new LfRepoApp(LfRepoApp.SampleSeed);
        var client = await app.CreateSignedInClientAsync();

        var guide = await ByPathAsync(client, "\\Projects\\Search text guide");
        var notes = await ByPathAsync(client, "\\Projects\\Search text notes");
        var invoice = await ByPathAsync(client, "\\Invoices\\Invoice ABC-1001");
        var text = await client.GetAsync($"{LfRepoApp.V2}/Entries/{guide.Id()}/Document/Pages/2/Text");

        guide["pageCount"]!.GetValue<int>().Should().Be(2);
        guide.Str("templateName").Should().Be("General");
        (await text.Content.ReadAsStringAsync()).Should().Contain("context hits");
        notes["isElectronicDocument"]!.GetValue<bool>().Should().BeTrue();
        notes.Str("extension").Should().Be("txt");
        notes["electronicDocumentSize"]!.GetValue<long>().Should().BeGreaterThan(0);
        invoice.Str("templateName").Should().Be("Invoice");
        (await ValuesAsync(client, $"/Entries/{invoice.Id()}/Fields")).Select(f => f!["name"]!.GetValue<string>()).Should().Contain("Invoice Number");
        (await ValuesAsync(client, $"/Entries/{guide.Id()}/Links")).Single()!["targetId"]!.GetValue<int>().Should().Be(notes.Id());
    }

    [Fact]
    public async Task The_official_suites_searches_find_two_names_and_context_hits()
    {
        await using var app = new LfRepoApp(LfRepoApp.SampleSeed);
        var client = await app.CreateSignedInClientAsync();

        var names = await client.SearchNamesAsync("({LF:Basic ~= \"search text\", option=\"DFANLT\"})");
        var taskId = await client.StartSearchAsync("({LF:Basic ~= \"search\", option=\"DFANLT\"})");
        var hits = await ValuesAsync(client, $"/Searches/{taskId}/Results/1/ContextHits");

        names.Should().Contain(["Search text guide", "Search text notes"]);
        hits.Should().NotBeEmpty();
    }

    [Fact]
    public async Task Seed_empty_keeps_the_definitions_and_nothing_but_the_root()
    {
        await using var app = new LfRepoApp(("LfRepo:Seed", "empty"));
        var client = await app.CreateSignedInClientAsync();

        (await ValuesAsync(client, "/Entries/1/Folder/Children")).Should().BeEmpty();
        (await ValuesAsync(client, "/Entries/1/Fields")).Should().BeEmpty();
        (await ValuesAsync(client, "/Entries/1/Tags")).Should().BeEmpty();
        (await ValuesAsync(client, "/Entries/1/Links")).Should().BeEmpty();
        (await ValuesAsync(client, "/TemplateDefinitions")).Select(t => t!["name"]!.GetValue<string>()).Should().Contain("Invoice");
    }

    [Fact]
    public async Task A_seed_file_puts_fields_tags_and_links_on_the_root_folders_and_documents_once()
    {
        var seed = SeedFile("""
            {
              "fieldDefinitions": [ { "name": "Team", "fieldType": "String" } ],
              "tagDefinitions": [ { "name": "Hot" } ],
              "linkDefinitions": [ { "id": 7, "sourceLabel": "From", "targetLabel": "To" } ],
              "root": { "fields": [ { "name": "Team", "values": [ "Blue" ] } ], "tags": [ "Hot" ], "links": [ { "linkDefinitionId": 7, "otherEntry": "\\Work\\Memo" } ] },
              "folders": [
                { "name": "Work", "tags": [ "Hot" ], "links": [ { "linkDefinitionId": 7, "otherEntry": "\\Readme", "isSource": false } ],
                  "documents": [ { "name": "Memo", "fields": [ { "name": "Team", "values": [ "Red" ] } ], "pages": [ "first", "second" ] } ] }
              ],
              "documents": [ { "name": "Readme", "electronicDocument": { "fileName": "readme.md", "content": "# Readme" } } ]
            }
            """);
        var dataDir = Path.Combine(Path.GetTempPath(), $"lfrepo-seed-store-{Guid.NewGuid():N}");
        _files.Add(dataDir);
        int memoId, readmeId, workId;
        await using (var first = new LfRepoApp(("LfRepo:Seed", seed)) { DataDir = dataDir })
        {
            var client = await first.CreateSignedInClientAsync();
            var memo = await ByPathAsync(client, "\\Work\\Memo");
            var work = await ByPathAsync(client, "\\Work");
            var readme = await ByPathAsync(client, "\\Readme");
            (memoId, readmeId, workId) = (memo.Id(), readme.Id(), work.Id());

            (await ValuesAsync(client, "/Entries/1/Fields")).Single()!["values"]![0]!.GetValue<string>().Should().Be("Blue");
            (await ValuesAsync(client, "/Entries/1/Tags")).Single()!["name"]!.GetValue<string>().Should().Be("Hot");
            (await ValuesAsync(client, "/Entries/1/Links")).Single()!["targetId"]!.GetValue<int>().Should().Be(memoId);
            (await ValuesAsync(client, $"/Entries/{workId}/Tags")).Should().ContainSingle();
            var workLink = (await ValuesAsync(client, $"/Entries/{workId}/Links")).Single()!.AsObject();
            workLink["sourceId"]!.GetValue<int>().Should().Be(readmeId, "isSource false makes the other entry the source");
            workLink["targetId"]!.GetValue<int>().Should().Be(workId);
            memo["pageCount"]!.GetValue<int>().Should().Be(2);
            (await ValuesAsync(client, $"/Entries/{memoId}/Fields")).Single()!["values"]![0]!.GetValue<string>().Should().Be("Red");
            readme.Str("extension").Should().Be("md");

            await (await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/1/Tags", new { tags = Array.Empty<string>() })).ShouldBeJsonAsync(HttpStatusCode.OK);
        }

        await using var second = new LfRepoApp(("LfRepo:Seed", seed)) { DataDir = dataDir };
        var again = await second.CreateSignedInClientAsync();
        (await ValuesAsync(again, "/Entries/1/Folder/Children")).Should().HaveCount(2, "entries are matched by path, not created twice");
        (await ValuesAsync(again, "/Entries/1/Tags")).Should().BeEmpty("the root's metadata is seeded only while it has none");
        (await ValuesAsync(again, $"/Entries/{workId}/Links")).Should().ContainSingle("links are set only on entries the start created");
    }

    [Fact]
    public async Task A_seed_link_to_an_entry_it_does_not_create_stops_the_start_with_a_message()
    {
        var seed = SeedFile("""{ "root": { "links": [ { "linkDefinitionId": 1, "otherEntry": "\\Nowhere" } ] } }""");

        await using var app = new LfRepoApp(("LfRepo:Seed", seed));
        var act = () => app.CreateSignedInClientAsync();

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("\\Nowhere");
    }
}
