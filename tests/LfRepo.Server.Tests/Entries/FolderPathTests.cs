using System.Net;
using System.Net.Http.Json;
using System.Text;
using LfRepo.Server.Tests.Documents;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Entries;

/// <summary>CreateEntry's and ImportEntry's folderPath (2026 spec) with autoCreateFolderPath.</summary>
[Trait("Engine", "Both")]
public sealed class FolderPathTests
{
    private static Task<HttpResponseMessage> CreateAsync(HttpClient client, int parentId, object body, bool autoCreate = false) =>
        client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/{parentId}/Folder/Children{(autoCreate ? "?autoCreateFolderPath=true" : "")}", body);

    private static async Task<int> ChildCountAsync(HttpClient client, int folderId) =>
        (await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{folderId}/Folder/Children?$count=true")).ShouldBeJsonAsync(HttpStatusCode.OK))["@odata.count"]!.GetValue<int>();

    [Fact]
    public async Task CreateEntry_creates_below_the_route_folder_and_makes_missing_folders_when_asked()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var parent = await client.CreateFolderAsync(1, "Parent");

        var created = await (await CreateAsync(client, parent.Id(), new { name = "Leaf", entryType = "Folder", folderPath = "A/B\\C" }, autoCreate: true))
            .ShouldBeJsonAsync(HttpStatusCode.Created);

        created.Str("fullPath").Should().Be("\\Parent\\A\\B\\C\\Leaf");
        created.Str("folderPath").Should().Be("\\Parent\\A\\B\\C");
        (await client.GetAsync($"{LfRepoApp.V2}/Entries/ByPath?fullPath=%5CParent%5CA%5CB")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task CreateEntry_reuses_the_folders_that_exist_whatever_their_case()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var parent = await client.CreateFolderAsync(1, "Parent");
        var a = await client.CreateFolderAsync(parent.Id(), "A");

        var first = await (await CreateAsync(client, parent.Id(), new { name = "One", entryType = "Folder", folderPath = "a/B" }, autoCreate: true))
            .ShouldBeJsonAsync(HttpStatusCode.Created);
        var second = await (await CreateAsync(client, parent.Id(), new { name = "Two", entryType = "Folder", folderPath = "\\A\\B\\" }))
            .ShouldBeJsonAsync(HttpStatusCode.Created);

        first["parentId"]!.GetValue<int>().Should().Be(second["parentId"]!.GetValue<int>(), "both land in the same B");
        (await ChildCountAsync(client, parent.Id())).Should().Be(1, "A was reused, not duplicated");
        (await ChildCountAsync(client, a.Id())).Should().Be(1);
    }

    [Fact]
    public async Task CreateEntry_on_a_missing_path_without_the_flag_is_404_and_creates_nothing()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var parent = await client.CreateFolderAsync(1, "Parent");
        await client.CreateFolderAsync(parent.Id(), "A");

        var problem = await (await CreateAsync(client, parent.Id(), new { name = "Leaf", entryType = "Folder", folderPath = "A/X/Y" }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "Entry not found.");

        problem.Str("detail").Should().Contain("\\Parent\\A\\X").And.Contain("autoCreateFolderPath");
        (await client.GetAsync($"{LfRepoApp.V2}/Entries/ByPath?fullPath=%5CParent%5CA%5CX")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("A/../B", "..")]
    [InlineData("A/./B", "'.'")]
    [InlineData("A//B", "empty folder name")]
    [InlineData("A\\\\B", "empty folder name")]
    [InlineData("..", "..")]
    public async Task CreateEntry_refuses_dot_dotdot_and_empty_segments_and_creates_nothing(string folderPath, string detail)
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var parent = await client.CreateFolderAsync(1, "Parent");

        var problem = await (await CreateAsync(client, parent.Id(), new { name = "Leaf", entryType = "Folder", folderPath }, autoCreate: true))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid folder path.");

        problem.Str("detail").Should().Contain(detail);
        (await ChildCountAsync(client, parent.Id())).Should().Be(0);
    }

    [Fact]
    public async Task CreateEntry_through_a_document_in_the_path_is_400()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var parent = await client.CreateFolderAsync(1, "Parent");
        await client.ImportAsync(parent.Id(), [1], "a.bin", new { name = "Doc" });

        await (await CreateAsync(client, parent.Id(), new { name = "Leaf", entryType = "Folder", folderPath = "Doc/Sub" }, autoCreate: true))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Entry is not a folder.");
    }

    [Theory]
    [InlineData("Q/../R")]
    [InlineData("Q//R")]
    [InlineData("./R")]
    public async Task ImportEntry_applies_the_same_rules(string folderPath)
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var parent = await client.CreateFolderAsync(1, "Parent");

        var response = await client.PostAsync($"{LfRepoApp.V2}/Entries/{parent.Id()}/Folder/Import?autoCreateFolderPath=true",
            DocumentClient.ImportBody(Encoding.UTF8.GetBytes("text"), "a.txt", new { name = "Doc", folderPath }));

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid folder path.");
        (await ChildCountAsync(client, parent.Id())).Should().Be(0, "no folder named Q, '..' or '.' is left behind");
    }
}
