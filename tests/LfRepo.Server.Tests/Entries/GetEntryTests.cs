using System.Net;
using LfRepo.Server.Tests.Documents;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Entries;

[Trait("Engine", "Both")]
public sealed class GetEntryTests
{
    [Fact]
    public async Task Root_folder_is_entry_1_with_backslash_path()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var root = await client.GetEntryAsync(1);

        root.Id().Should().Be(1);
        root.Str("entryType").Should().Be("Folder");
        root.Str("fullPath").Should().Be("\\");
        root.Str("@odata.type").Should().Be("#Laserfiche.Repository.Folder");
        root.Str("@odata.context").Should().Contain("Repositories('r-emulator')").And.EndWith("$entity");
        root["isContainer"]!.GetValue<bool>().Should().BeTrue();
        root["isLeaf"]!.GetValue<bool>().Should().BeFalse();
        root["templateId"]!.GetValue<int>().Should().Be(0);
        root.Str("creator").Should().Be("admin");
        root.ContainsKey("parentId").Should().BeFalse("the root has no parent");
    }

    [Fact]
    public async Task A_folder_carries_its_paths_creator_and_times()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var parent = await client.CreateFolderAsync(1, "Parent");
        var child = await client.CreateFolderAsync(parent.Id(), "Child");

        var entry = await client.GetEntryAsync(child.Id());

        entry.Str("name").Should().Be("Child");
        entry["parentId"]!.GetValue<int>().Should().Be(parent.Id());
        entry.Str("fullPath").Should().Be("\\Parent\\Child");
        entry.Str("folderPath").Should().Be("\\Parent");
        parent.Str("folderPath").Should().Be("\\");
        entry.Str("creator").Should().Be("admin");
        DateTimeOffset.Parse(entry.Str("creationTime")).Should().Be(app.Clock.GetUtcNow());
        DateTimeOffset.Parse(entry.Str("lastModifiedTime")).Should().Be(app.Clock.GetUtcNow());
        entry["isRecordFolder"]!.GetValue<bool>().Should().BeFalse();
    }

    [Fact]
    public async Task Select_keeps_the_selected_members_and_the_identity()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var entry = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/1?$select=fullPath")).ShouldBeJsonAsync(HttpStatusCode.OK);

        entry.Select(p => p.Key).Should().BeEquivalentTo("@odata.context", "@odata.type", "id", "name", "fullPath", "entryType");
    }

    [Fact]
    public async Task Unknown_entry_is_404_with_full_problem_details()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var problem = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/999")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Entry not found.");

        problem.Str("detail").Should().Contain("999");
        problem.Str("instance").Should().Contain("/Entries/999");
    }

    [Theory]
    [InlineData("$select=nope", "$select")]
    [InlineData("$orderby=name", "$orderby")]
    [InlineData("$top=1", "$top")]
    public async Task GetEntry_refuses_options_it_does_not_take(string query, string named)
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var problem = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/1?{query}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.Str("detail").Should().Contain(named);
    }

    [Fact]
    public async Task ByPath_finds_entries_ignoring_case_and_with_either_slash()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var a = await client.CreateFolderAsync(1, "Alpha");
        var b = await client.CreateFolderAsync(a.Id(), "Beta");

        var byBackslash = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/ByPath?fullPath={Uri.EscapeDataString("\\alpha\\BETA")}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var bySlash = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/ByPath?fullPath={Uri.EscapeDataString("/Alpha/Beta")}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var root = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/ByPath?fullPath={Uri.EscapeDataString("\\")}")).ShouldBeJsonAsync(HttpStatusCode.OK);

        byBackslash["entry"]!.AsObject().Id().Should().Be(b.Id());
        bySlash["entry"]!.AsObject().Id().Should().Be(b.Id());
        root["entry"]!.AsObject().Id().Should().Be(1);
    }

    [Fact]
    public async Task ByPath_of_a_missing_entry_is_404_or_the_closest_ancestor()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var a = await client.CreateFolderAsync(1, "Alpha");
        var path = Uri.EscapeDataString("\\Alpha\\Missing\\Deeper");

        await (await client.GetAsync($"{LfRepoApp.V2}/Entries/ByPath?fullPath={path}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var fallback = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/ByPath?fullPath={path}&fallbackToClosestAncestor=true")).ShouldBeJsonAsync(HttpStatusCode.OK);

        fallback["entry"].Should().BeNull();
        fallback["ancestorEntry"]!.AsObject().Id().Should().Be(a.Id());
    }

    [Fact]
    public async Task ByPath_needs_a_path()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        (await (await client.GetAsync($"{LfRepoApp.V2}/Entries/ByPath")).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Str("detail").Should().Contain("fullPath");
    }

    [Fact]
    public async Task IncludeChildInfo_counts_a_folders_immediate_children_by_type()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "F");
        var sub = await client.CreateFolderAsync(folder.Id(), "Sub");
        await client.CreateFolderAsync(sub.Id(), "Grandchild");
        var doc = await client.ImportAsync(folder.Id(), [1, 2, 3], "a.bin", new { name = "Doc" });
        await client.PostJsonAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Folder/Children", new { name = "Link", entryType = "Shortcut", targetId = doc.Id() });
        var empty = await client.CreateFolderAsync(1, "Empty");

        var withInfo = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}?includeChildInfo=true")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var emptyInfo = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{empty.Id()}?includeChildInfo=true")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var without = await client.GetEntryAsync(folder.Id());
        var onDocument = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{doc.Id()}?includeChildInfo=true")).ShouldBeJsonAsync(HttpStatusCode.OK);

        var info = withInfo["childInfo"]!.AsObject();
        info["hasChildren"]!.GetValue<bool>().Should().BeTrue();
        info["childCount"]!.GetValue<long>().Should().Be(3, "immediate children only, never the grandchild");
        info["folderCount"]!.GetValue<int>().Should().Be(1);
        info["documentCount"]!.GetValue<int>().Should().Be(1);
        info["shortcutCount"]!.GetValue<int>().Should().Be(1);
        emptyInfo["childInfo"]!["hasChildren"]!.GetValue<bool>().Should().BeFalse();
        emptyInfo["childInfo"]!["childCount"]!.GetValue<long>().Should().Be(0);
        without.ContainsKey("childInfo").Should().BeFalse("childInfo is opt-in");
        onDocument.ContainsKey("childInfo").Should().BeFalse("ignored for non-folder entries");
    }

    [Fact]
    public async Task IncludeTotalSize_adds_the_documents_whole_stored_size()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var edoc = await client.ImportAsync(1, new byte[1000], "a.bin", new { name = "Edoc" });
        var text = await client.ImportAsync(1, System.Text.Encoding.UTF8.GetBytes("one\fpage two"), "a.txt", new { name = "Text" });
        var folder = await client.CreateFolderAsync(1, "F");

        var edocSize = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{edoc.Id()}?includeTotalSize=true")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var textSize = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{text.Id()}?includeTotalSize=true")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var onFolder = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}?includeTotalSize=true")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var without = await client.GetEntryAsync(edoc.Id());

        edocSize["totalDocumentSize"]!.GetValue<long>().Should().Be(1000);
        edocSize["electronicDocumentSize"]!.GetValue<long>().Should().Be(1000);
        textSize["totalDocumentSize"]!.GetValue<long>().Should().Be("one".Length + "page two".Length, "the text of both pages");
        textSize["electronicDocumentSize"]!.GetValue<long>().Should().Be(0);
        onFolder.ContainsKey("totalDocumentSize").Should().BeFalse("ignored for non-document entries");
        without.ContainsKey("totalDocumentSize").Should().BeFalse("totalDocumentSize is opt-in");
    }
}
