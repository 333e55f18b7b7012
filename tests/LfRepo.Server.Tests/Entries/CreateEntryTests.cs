using System.Net;
using System.Net.Http.Json;
using System.Text;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Entries;

[Trait("Engine", "Both")]
public sealed class CreateEntryTests
{
    private static string Children(int id) => $"{LfRepoApp.V2}/Entries/{id}/Folder/Children";

    [Fact]
    public async Task Creates_a_folder_with_201_and_a_location()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var response = await client.PostAsJsonAsync(Children(1), new { name = "Invoices", entryType = "Folder" });

        var entry = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        entry.Str("name").Should().Be("Invoices");
        entry.Str("entryType").Should().Be("Folder");
        entry.Str("fullPath").Should().Be("\\Invoices");
        response.Headers.Location!.ToString().Should().EndWith($"/LFRepositoryAPI/v2/Repositories/r-emulator/Entries/{entry.Id()}");
        (await client.GetEntryAsync(entry.Id())).Str("name").Should().Be("Invoices");
    }

    [Fact]
    public async Task Creates_a_shortcut_to_a_folder()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var target = await client.CreateFolderAsync(1, "Target");

        var shortcut = await (await client.PostAsJsonAsync(Children(1), new { name = "Link", entryType = "Shortcut", targetId = target.Id() }))
            .ShouldBeJsonAsync(HttpStatusCode.Created);

        shortcut.Str("entryType").Should().Be("Shortcut");
        shortcut.Str("@odata.type").Should().Be("#Laserfiche.Repository.Shortcut");
        shortcut["targetId"]!.GetValue<int>().Should().Be(target.Id());
        shortcut.Str("targetType").Should().Be("Folder");
        shortcut["isLeaf"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public async Task Shortcut_needs_an_existing_target()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        await (await client.PostAsJsonAsync(Children(1), new { name = "Link", entryType = "Shortcut" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PostAsJsonAsync(Children(1), new { name = "Link", entryType = "Shortcut", targetId = 4242 })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_name_taken_in_any_case_conflicts_with_409()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        await client.CreateFolderAsync(1, "Reports");

        var problem = await (await client.PostAsJsonAsync(Children(1), new { name = "REPORTS", entryType = "Folder" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "Entry name conflicts.");

        problem.Str("detail").Should().Contain("REPORTS");
    }

    [Fact]
    public async Task AutoRename_numbers_duplicates_from_2()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var names = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            names.Add((await client.CreateFolderAsync(1, "Report", autoRename: true)).Str("name"));
        }

        names.Should().Equal("Report", "Report (2)", "Report (3)", "Report (4)");
    }

    [Fact]
    public async Task AutoRename_fills_the_lowest_free_number()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        await client.CreateFolderAsync(1, "Report");
        await client.CreateFolderAsync(1, "Report (3)");

        (await client.CreateFolderAsync(1, "report", autoRename: true)).Str("name").Should().Be("report (2)");
    }

    [Fact]
    public async Task Concurrent_creates_with_autoRename_all_get_distinct_names()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var created = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.CreateFolderAsync(1, "Same", autoRename: true)));

        created.Select(e => e.Str("name")).Should().OnlyHaveUniqueItems().And.HaveCount(8);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a\\b")]
    [InlineData("tab\there")]
    public async Task Invalid_names_are_400(string name)
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        await (await client.PostAsJsonAsync(Children(1), new { name, entryType = "Folder" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid entry name.");
    }

    [Fact]
    public async Task Names_are_limited_to_255_characters()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        (await client.CreateFolderAsync(1, new string('x', 255))).Str("name").Should().HaveLength(255);
        (await client.CreateFolderAsync(1, new string('x', 255), autoRename: true)).Str("name").Should().HaveLength(255).And.EndWith(" (2)");
        var problem = await (await client.PostAsJsonAsync(Children(1), new { name = new string('y', 256), entryType = "Folder" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Str("detail").Should().Contain("255");
    }

    [Theory]
    [InlineData("{\"name\": \"x\", \"entryType\": \"Document\"}", "ImportEntry")]
    [InlineData("{\"name\": \"x\", \"entryType\": \"Banana\"}", "entryType")]
    [InlineData("{\"name\": \"x\"}", "entryType")]
    [InlineData("{\"name\": \"x\", ", "body")]
    [InlineData("null", "body")]
    [InlineData("", "body")]
    public async Task Bad_bodies_are_400_saying_what_is_wrong(string json, string named)
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var response = await client.PostAsync(Children(1), new StringContent(json, Encoding.UTF8, "application/json"));

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Str("detail").Should().Contain(named);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var response = await client.PostAsync(Children(1), new StringContent("name=x", Encoding.UTF8, "text/plain"));

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Parent_must_exist_and_be_a_folder()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var target = await client.CreateFolderAsync(1, "T");
        var shortcut = await (await client.PostAsJsonAsync(Children(1), new { name = "S", entryType = "Shortcut", targetId = target.Id() })).ShouldBeJsonAsync(HttpStatusCode.Created);

        await (await client.PostAsJsonAsync(Children(777), new { name = "x", entryType = "Folder" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsJsonAsync(Children(shortcut.Id()), new { name = "x", entryType = "Folder" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Entry is not a folder.");
    }
}
