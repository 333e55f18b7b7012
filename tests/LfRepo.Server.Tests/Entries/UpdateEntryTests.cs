using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Entries;

[Trait("Engine", "Both")]
public sealed class UpdateEntryTests
{
    private static string Entry(int id) => $"{LfRepoApp.V2}/Entries/{id}";

    [Fact]
    public async Task Renames_an_entry_and_updates_its_modification_time()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "Old");
        app.Clock.Advance(TimeSpan.FromMinutes(5));

        var renamed = await (await client.PatchAsJsonAsync(Entry(folder.Id()), new { name = "New" })).ShouldBeJsonAsync(HttpStatusCode.OK);

        renamed.Str("name").Should().Be("New");
        renamed.Str("fullPath").Should().Be("\\New");
        DateTimeOffset.Parse(renamed.Str("lastModifiedTime")).Should().Be(app.Clock.GetUtcNow());
        DateTimeOffset.Parse(renamed.Str("creationTime")).Should().Be(app.Clock.GetUtcNow().AddMinutes(-5));
    }

    [Fact]
    public async Task Moving_a_folder_rewrites_the_paths_of_its_whole_subtree()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var source = await client.CreateFolderAsync(1, "Source");
        var inner = await client.CreateFolderAsync(source.Id(), "Inner");
        var leaf = await client.CreateFolderAsync(inner.Id(), "Leaf");
        var destination = await client.CreateFolderAsync(1, "Destination");
        // Read first, so a stale copy would be served if the move did not invalidate it.
        (await client.GetEntryAsync(leaf.Id())).Str("fullPath").Should().Be("\\Source\\Inner\\Leaf");

        var moved = await (await client.PatchAsJsonAsync(Entry(source.Id()), new { parentId = destination.Id(), name = "Moved" })).ShouldBeJsonAsync(HttpStatusCode.OK);

        moved.Str("fullPath").Should().Be("\\Destination\\Moved");
        moved["parentId"]!.GetValue<int>().Should().Be(destination.Id());
        (await client.GetEntryAsync(inner.Id())).Str("fullPath").Should().Be("\\Destination\\Moved\\Inner");
        var movedLeaf = await client.GetEntryAsync(leaf.Id());
        movedLeaf.Str("fullPath").Should().Be("\\Destination\\Moved\\Inner\\Leaf");
        movedLeaf.Str("folderPath").Should().Be("\\Destination\\Moved\\Inner");
    }

    [Fact]
    public async Task Changing_only_the_case_of_a_name_is_allowed()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "report");

        (await (await client.PatchAsJsonAsync(Entry(folder.Id()), new { name = "Report" })).ShouldBeJsonAsync(HttpStatusCode.OK)).Str("name").Should().Be("Report");
    }

    [Fact]
    public async Task A_clash_is_409_or_renamed_with_autoRename()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        await client.CreateFolderAsync(1, "Taken");
        var other = await client.CreateFolderAsync(1, "Other");

        await (await client.PatchAsJsonAsync(Entry(other.Id()), new { name = "taken" })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "Entry name conflicts.");
        var renamed = await (await client.PatchAsJsonAsync(Entry(other.Id()), new { name = "Taken", autoRename = true })).ShouldBeJsonAsync(HttpStatusCode.OK);

        renamed.Str("name").Should().Be("Taken (2)");
    }

    [Fact]
    public async Task A_folder_cannot_move_into_itself_or_a_descendant()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var top = await client.CreateFolderAsync(1, "Top");
        var child = await client.CreateFolderAsync(top.Id(), "Child");
        var grandchild = await client.CreateFolderAsync(child.Id(), "Grandchild");

        await (await client.PatchAsJsonAsync(Entry(top.Id()), new { parentId = top.Id() })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid move.");
        await (await client.PatchAsJsonAsync(Entry(top.Id()), new { parentId = grandchild.Id() })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid move.");
        (await client.GetEntryAsync(top.Id())).Str("fullPath").Should().Be("\\Top");
    }

    [Fact]
    public async Task A_sibling_whose_name_starts_alike_is_not_a_descendant()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var a = await client.CreateFolderAsync(1, "A");
        var ab = await client.CreateFolderAsync(1, "AB");

        (await (await client.PatchAsJsonAsync(Entry(a.Id()), new { parentId = ab.Id() })).ShouldBeJsonAsync(HttpStatusCode.OK)).Str("fullPath").Should().Be("\\AB\\A");
    }

    [Fact]
    public async Task The_root_folder_cannot_be_moved_or_renamed()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        await (await client.PatchAsJsonAsync(Entry(1), new { name = "Root" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Bad_targets_are_refused()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "F");

        await (await client.PatchAsJsonAsync(Entry(999), new { name = "x" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await client.PatchAsJsonAsync(Entry(folder.Id()), new { parentId = 999 })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await client.PatchAsJsonAsync(Entry(folder.Id()), new { })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PatchAsJsonAsync(Entry(folder.Id()), new { name = "a\\b" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }
}
