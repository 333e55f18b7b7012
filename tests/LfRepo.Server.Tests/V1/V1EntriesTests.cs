using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LfRepo.Server.Tests.Documents;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.V1;

/// <summary>The v1 entry operations over the same store v2 serves.</summary>
[Trait("Engine", "Both")]
public sealed class V1EntriesTests
{
    public const string V1 = LfRepoApp.Base + "/v1/Repositories/" + LfRepoApp.RepositoryId;

    [Fact]
    public async Task GetRepositoryList_answers_a_bare_array_of_RepositoryInfo()
    {
        await using var app = new LfRepoApp();
        var client = app.CreateClient();

        var response = await client.GetAsync($"{LfRepoApp.Base}/v1/Repositories");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var list = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        var repository = list.Should().ContainSingle().Subject!.AsObject();
        repository.Str("repoId").Should().Be(LfRepoApp.RepositoryId);
        repository.Str("webclientUrl").Should().Contain("db=r-emulator");
        repository.ContainsKey("repoName").Should().BeTrue();
    }

    [Fact]
    public async Task GetEntry_reads_an_entry_v2_made_in_the_v1_shape()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "Made in v2");
        var pdf = TestFiles.Pdf(1);
        var document = await client.ImportAsync(folder.Id(), pdf, "note.pdf", new { name = "Note" }, "application/pdf");

        var entry = await (await client.GetAsync($"{V1}/Entries/{folder.Id()}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var doc = await (await client.GetAsync($"{V1}/Entries/{document.Id()}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var selected = await (await client.GetAsync($"{V1}/Entries/{document.Id()}?$select=elecDocumentSize")).ShouldBeJsonAsync(HttpStatusCode.OK);

        entry.Str("fullPath").Should().Be("\\Made in v2");
        entry.Str("entryType").Should().Be("Folder");
        doc["elecDocumentSize"]!.GetValue<long>().Should().Be(pdf.Length);
        doc.ContainsKey("electronicDocumentSize").Should().BeFalse();
        selected["elecDocumentSize"]!.GetValue<long>().Should().Be(pdf.Length);
        selected.ContainsKey("fullPath").Should().BeFalse();
    }

    [Fact]
    public async Task GetEntry_problems_name_what_was_wrong()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        (await (await client.GetAsync($"{V1}/Entries/999")).ShouldBeProblemAsync(HttpStatusCode.NotFound)).Str("detail").Should().Contain("999");
        (await (await client.GetAsync($"{LfRepoApp.Base}/v1/Repositories/other/Entries/1")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Repository not found."))
            .Str("detail").Should().Contain("other");
        (await (await client.GetAsync($"{V1}/Entries/1?$select=nope")).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Str("detail").Should().Contain("nope");
        (await (await app.CreateClient().GetAsync($"{V1}/Entries/1")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).Should().NotBeNull();
    }

    [Fact]
    public async Task GetEntryByPath_finds_the_entry_or_its_closest_ancestor()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "Path");

        var found = await (await client.GetAsync($"{V1}/Entries/ByPath?fullPath={Uri.EscapeDataString("\\Path")}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var closest = await (await client.GetAsync($"{V1}/Entries/ByPath?fullPath={Uri.EscapeDataString("\\Path\\Missing")}&fallbackToClosestAncestor=true")).ShouldBeJsonAsync(HttpStatusCode.OK);

        found["entry"]!.AsObject().Id().Should().Be(folder.Id());
        found.ContainsKey("ancestorEntry").Should().BeFalse();
        closest["ancestorEntry"]!.AsObject().Id().Should().Be(folder.Id());
        closest.ContainsKey("entry").Should().BeFalse();
        (await (await client.GetAsync($"{V1}/Entries/ByPath?fullPath={Uri.EscapeDataString("\\Nope")}")).ShouldBeProblemAsync(HttpStatusCode.NotFound)).Str("detail").Should().Contain("Nope");
        (await (await client.GetAsync($"{V1}/Entries/ByPath")).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Str("detail").Should().Contain("fullPath");
    }

    [Fact]
    public async Task GetEntryListing_pages_with_nextLink_count_top_skip_and_orderby()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "Listing");
        foreach (var name in new[] { "c", "a", "b", "d", "e" })
        {
            await client.CreateFolderAsync(folder.Id(), name);
        }

        var pages = await client.ReadAllPagesAsync($"{V1}/Entries/{folder.Id()}/Laserfiche.Repository.Folder/children?$count=true&$orderby=name desc", "maxpagesize=2");
        var window = await (await client.GetAsync($"{V1}/Entries/{folder.Id()}/Laserfiche.Repository.Folder/children?$orderby=name&$skip=1&$top=2&$select=name")).ShouldBeJsonAsync(HttpStatusCode.OK);

        pages.Should().HaveCount(3);
        pages[0]["@odata.count"]!.GetValue<int>().Should().Be(5);
        pages.SelectMany(p => p["value"]!.AsArray()).Select(e => e!["name"]!.GetValue<string>()).Should().Equal("e", "d", "c", "b", "a");
        pages[0].Str("@odata.nextLink").Should().Contain("/v1/Repositories/r-emulator/Entries/");
        window["value"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()).Should().Equal("b", "c");
        window["value"]![0]!.AsObject().ContainsKey("creator").Should().BeFalse();
        window.ContainsKey("@odata.nextLink").Should().BeFalse();
    }

    [Fact]
    public async Task GetEntryListing_returns_requested_field_values_as_v1_FieldValues()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var home = await client.CreateFolderAsync(1, "Home");
        var a = await client.CreateFolderAsync(home.Id(), "A");
        await client.CreateFolderAsync(home.Id(), "B");
        await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{a.Id()}/Fields", new
        {
            fields = new object[] { new { name = "Keywords", values = new[] { "x", "y" } }, new { name = "Amount", values = new[] { "1.5" } } },
        });

        var page = await (await client.GetAsync($"{V1}/Entries/{home.Id()}/Laserfiche.Repository.Folder/children?fields=Keywords&fields=Amount&$orderby=name")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var formatted = await (await client.GetAsync($"{V1}/Entries/{home.Id()}/Laserfiche.Repository.Folder/children?fields=Amount&formatFields=true&culture=fr-FR&$orderby=name")).ShouldBeJsonAsync(HttpStatusCode.OK);

        var fields = page["value"]![0]!["fields"]!.AsArray().Select(f => f!.AsObject()).ToList();
        fields.Select(f => f.Str("fieldName")).Should().Equal("Amount", "Keywords");
        fields[1]["values"]!.AsArray().Select(v => v!["value"]!.GetValue<string>()).Should().Equal("x");
        fields[1]["hasMoreValues"]!.GetValue<bool>().Should().BeTrue();
        page["value"]![1]!["fields"]!.AsArray().Should().BeEmpty();
        formatted["value"]![0]!["fields"]![0]!["values"]![0]!["value"]!.GetValue<string>().Should().Contain("1,50");
    }

    [Fact]
    public async Task GetEntryListing_problems_name_what_was_wrong()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var document = await client.ImportAsync(1, "x"u8.ToArray(), "x.txt", new { name = "Doc" }, "text/plain");

        (await (await client.GetAsync($"{V1}/Entries/{document.Id()}/Laserfiche.Repository.Folder/children")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Entry is not a folder."))
            .Str("detail").Should().Contain("Document");
        (await (await client.GetAsync($"{V1}/Entries/1/Laserfiche.Repository.Folder/children?$top=-1")).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Str("detail").Should().Contain("$top");
        (await (await client.GetAsync($"{V1}/Entries/1/Laserfiche.Repository.Folder/children?fields=Nope")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Unknown field."))
            .Str("detail").Should().Contain("Nope");
        await (await client.GetAsync($"{V1}/Entries/424242/Laserfiche.Repository.Folder/children")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CreateOrCopyEntry_creates_folders_and_shortcuts_v2_then_reads()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var response = await client.PostAsJsonAsync($"{V1}/Entries/1/Laserfiche.Repository.Folder/children", new { name = "From v1", entryType = "Folder" });
        var folder = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        var again = await (await client.PostAsJsonAsync($"{V1}/Entries/1/Laserfiche.Repository.Folder/children?autoRename=true", new { name = "From v1", entryType = "Folder" }))
            .ShouldBeJsonAsync(HttpStatusCode.Created);
        var shortcut = await (await client.PostAsJsonAsync($"{V1}/Entries/1/Laserfiche.Repository.Folder/children", new { name = "Link", entryType = "Shortcut", targetId = folder.Id() }))
            .ShouldBeJsonAsync(HttpStatusCode.Created);

        response.Headers.Location!.ToString().Should().EndWith($"/v1/Repositories/r-emulator/Entries/{folder.Id()}");
        (await client.GetEntryAsync(folder.Id())).Str("fullPath").Should().Be("\\From v1");
        again.Str("name").Should().Be("From v1 (2)");
        shortcut.Str("entryType").Should().Be("Shortcut");
        shortcut["targetId"]!.GetValue<int>().Should().Be(folder.Id());
    }

    [Fact]
    public async Task CreateOrCopyEntry_with_sourceId_copies_a_document()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var pdf = TestFiles.Pdf(1);
        var document = await client.ImportAsync(1, pdf, "note.pdf", new { name = "Original" }, "application/pdf");
        var destination = await client.CreateFolderAsync(1, "Into");

        var copy = await (await client.PostAsJsonAsync($"{V1}/Entries/{destination.Id()}/Laserfiche.Repository.Folder/children", new { name = "Copy", sourceId = document.Id() }))
            .ShouldBeJsonAsync(HttpStatusCode.Created);

        copy.Str("entryType").Should().Be("Document");
        copy.Str("fullPath").Should().Be("\\Into\\Copy");
        copy["elecDocumentSize"]!.GetValue<long>().Should().Be(pdf.Length);
        copy.Id().Should().NotBe(document.Id());
    }

    [Fact]
    public async Task CreateOrCopyEntry_problems_name_what_was_wrong()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "Taken");

        (await (await client.PostAsJsonAsync($"{V1}/Entries/1/Laserfiche.Repository.Folder/children", new { name = "Taken", entryType = "Folder" })).ShouldBeProblemAsync(HttpStatusCode.Conflict))
            .Str("detail").Should().Contain("Taken");
        (await (await client.PostAsJsonAsync($"{V1}/Entries/1/Laserfiche.Repository.Folder/children", new { name = "Copy", sourceId = folder.Id() })).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Str("detail").Should().Contain("CopyEntryAsync");
        (await (await client.PostAsJsonAsync($"{V1}/Entries/1/Laserfiche.Repository.Folder/children", new { name = "Copy", sourceId = 777 })).ShouldBeProblemAsync(HttpStatusCode.NotFound))
            .Str("detail").Should().Contain("777");
        (await (await client.PostAsJsonAsync($"{V1}/Entries/1/Laserfiche.Repository.Folder/children", new { name = "X" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Str("detail").Should().Contain("entryType");
        (await (await client.PostAsJsonAsync($"{V1}/Entries/1/Laserfiche.Repository.Folder/children", new { name = "X", entryType = "Document" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Str("detail").Should().Contain("Document");
    }

    [Fact]
    public async Task MoveOrRenameEntry_moves_and_renames_with_autoRename_from_the_query()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "Old");
        var target = await client.CreateFolderAsync(1, "Target");
        await client.CreateFolderAsync(target.Id(), "New");

        var conflict = await client.PatchAsJsonAsync($"{V1}/Entries/{folder.Id()}", new { parentId = target.Id(), name = "New" });
        var moved = await (await client.PatchAsJsonAsync($"{V1}/Entries/{folder.Id()}?autoRename=true", new { parentId = target.Id(), name = "New" })).ShouldBeJsonAsync(HttpStatusCode.OK);

        (await conflict.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Str("detail").Should().Contain("New");
        moved.Str("fullPath").Should().Be("\\Target\\New (2)");
        (await client.GetEntryAsync(folder.Id())).Str("fullPath").Should().Be("\\Target\\New (2)");
        await (await client.PatchAsJsonAsync($"{V1}/Entries/999", new { name = "X" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Swagger_v1_lists_the_v1_operations_by_their_operation_ids()
    {
        await using var app = new LfRepoApp();
        var client = app.CreateClient();

        var document = await (await client.GetAsync("/swagger/v1/swagger.json")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var operationIds = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => o.Value!["operationId"]?.GetValue<string>()))
            .ToList();

        operationIds.Should().Contain(["GetRepositoryList", "GetEntry", "GetEntryListing", "CreateOrCopyEntry", "MoveOrRenameEntry", "DeleteEntryInfo",
            "CopyEntryAsync", "GetOperationStatusAndProgress", "CancelOperation"]);
        document["paths"]!.AsObject().Select(p => p.Key).Should().OnlyContain(p => p.StartsWith("/v1/"));
    }

    [Fact]
    public async Task CreateOrCopyEntry_reads_sourceId_and_targetId_0_as_not_set_as_the_official_clients_send_them()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var created = await (await client.PostAsJsonAsync($"{V1}/Entries/1/Laserfiche.Repository.Folder/children",
            new { name = "Made", entryType = "Folder", sourceId = 0, targetId = 0 })).ShouldBeJsonAsync(HttpStatusCode.Created);

        created.Str("name").Should().Be("Made");
        created.Str("entryType").Should().Be("Folder");
        (await client.GetEntryAsync(created.Id())).Str("fullPath").Should().Be("\\Made");
    }
}
