using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Tests.Documents;
using LfRepo.Server.Tests.Infrastructure;
using LfRepo.Server.Tests.V1;

namespace LfRepo.Server.Tests.Records;

/// <summary>Records keep their content, name and location; closed record folders take no new entries.</summary>
[Trait("Engine", "Both")]
public sealed class RecordWriteRulesTests
{
    private const string ReadOnlyTitle = "The entry is a record and cannot be changed.";
    private const string ClosedTitle = "The record folder is closed.";
    private const string V1 = V1EntriesTests.V1;

    private static async Task<(int Folder, int Record, int Plain)> RecordAndPlainAsync(HttpClient client)
    {
        var folder = (await client.CreateFolderAsync(1, "Contracts")).Id();
        var record = (await client.ImportAsync(folder, "page one\fpage two"u8.ToArray(), "a.txt", new { name = "Contract A" })).Id();
        var plain = (await client.ImportAsync(folder, "page one\fpage two"u8.ToArray(), "b.txt", new { name = "Draft B" })).Id();
        await client.PatchRmAsync(record, new { filingDate = "2026-03-01T00:00:00Z" });
        return (folder, record, plain);
    }

    private static async Task ShouldBeReadOnlyAsync(HttpResponseMessage response, int record, string what)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, ReadOnlyTitle);
        problem["errorCode"]!.GetValue<int>().Should().Be(9805);
        problem.Str("detail").Should().Be($"Entry {record} ('Contract A') is a record; {what} cannot be changed.");
    }

    private static async Task ShouldBeClosedAsync(HttpResponseMessage response, int folder, string? below = null)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, ClosedTitle);
        problem["errorCode"]!.GetValue<int>().Should().Be(9806);
        problem.Str("detail").Should().Be(
            $"Record folder {folder} ('Box 1') is closed{(below is null ? "" : $" (folder {below} is below it)")}; no entries can be added until it is reopened.");
    }

    private static MultipartFormDataContent UpdateBody()
    {
        var body = new MultipartFormDataContent();
        body.Add(new ByteArrayContent("replaced"u8.ToArray()), "file", "new.txt");
        return body;
    }

    private static async Task<List<string>> ChildNamesAsync(HttpClient client, int folder) =>
        [.. (await client.ReadAllPagesAsync($"{LfRepoApp.V2}/Entries/{folder}/Folder/Children"))
            .SelectMany(page => page["value"]!.AsArray()).Select(e => e!["name"]!.GetValue<string>())];

    [Fact]
    public async Task A_record_under_version_control_cannot_be_checked_out_while_a_plain_document_can()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var (_, record, plain) = await RecordAndPlainAsync(client);
        await client.PostDocumentAsync(record, "VersionControl");
        await client.PostDocumentAsync(plain, "VersionControl");

        var refused = await client.PostAsJsonAsync($"{DocumentEditClient.DocumentUrl(record)}/CheckOut", new { });

        await ShouldBeReadOnlyAsync(refused, record, "its electronic document and pages");
        (await client.GetEntryAsync(record))["isCheckedOut"]!.GetValue<bool>().Should().BeFalse();
        (await client.PostDocumentAsync(plain, "CheckOut", new { }))["isCheckedOut"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public async Task A_record_refuses_v2_content_name_and_location_changes_and_keeps_metadata_editable()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var (folder, record, plain) = await RecordAndPlainAsync(client);
        var other = (await client.CreateFolderAsync(1, "Elsewhere")).Id();
        var before = await client.GetEntryAsync(record);

        const string content = "its electronic document and pages";
        await ShouldBeReadOnlyAsync(await client.DeleteAsync($"{DocumentEditClient.DocumentUrl(record)}/Edoc"), record, content);
        await ShouldBeReadOnlyAsync(await client.DeleteAsync($"{DocumentEditClient.DocumentUrl(record)}/Pages"), record, content);
        await ShouldBeReadOnlyAsync(await client.PostPagesAsync(record, DocumentEditClient.PagesBody(textPages: ["three"])), record, content);
        await ShouldBeReadOnlyAsync(await client.PatchAsync(DocumentEditClient.DocumentUrl(record), UpdateBody()), record, content);
        await ShouldBeReadOnlyAsync(await client.PatchAsJsonAsync($"{LfRepoApp.V2}/Entries/{record}", new { name = "Renamed" }), record, "its name and location");
        await ShouldBeReadOnlyAsync(await client.PatchAsJsonAsync($"{LfRepoApp.V2}/Entries/{record}", new { parentId = other }), record, "its name and location");

        var after = await client.GetEntryAsync(record);
        after.Str("fullPath").Should().Be(before.Str("fullPath"));
        after["pageCount"]!.GetValue<int>().Should().Be(2);
        after["electronicDocumentSize"]!.GetValue<long>().Should().Be(before["electronicDocumentSize"]!.GetValue<long>());
        var tags = await (await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{record}/Tags", new { tags = new[] { "Reviewed" } })).ShouldBeJsonAsync(HttpStatusCode.OK);
        tags["value"]!.AsArray().Should().ContainSingle();

        // The same writes on an ordinary document of the same folder go through.
        await (await client.DeleteAsync($"{DocumentEditClient.DocumentUrl(plain)}/Pages?pageRange=2")).ShouldBeJsonAsync(HttpStatusCode.OK);
        (await (await client.PatchAsJsonAsync($"{LfRepoApp.V2}/Entries/{plain}", new { name = "Draft C", parentId = other })).ShouldBeJsonAsync(HttpStatusCode.OK))
            .Str("fullPath").Should().Be("\\Elsewhere\\Draft C");
        (await ChildNamesAsync(client, folder)).Should().Equal("Contract A");
    }

    [Fact]
    public async Task A_record_refuses_the_v1_edoc_page_and_rename_writes_too()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var (_, record, plain) = await RecordAndPlainAsync(client);

        await ShouldBeReadOnlyAsync(await client.DeleteAsync($"{V1}/Entries/{record}/Laserfiche.Repository.Document/edoc"), record, "its electronic document and pages");
        await ShouldBeReadOnlyAsync(await client.DeleteAsync($"{V1}/Entries/{record}/Laserfiche.Repository.Document/pages"), record, "its electronic document and pages");
        await ShouldBeReadOnlyAsync(await client.PatchAsJsonAsync($"{V1}/Entries/{record}", new { name = "Renamed" }), record, "its name and location");

        (await client.GetEntryAsync(record)).Str("name").Should().Be("Contract A");
        (await client.GetEntryAsync(record))["pageCount"]!.GetValue<int>().Should().Be(2);
        (await client.DeleteAsync($"{V1}/Entries/{plain}/Laserfiche.Repository.Document/pages")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetEntryAsync(plain))["pageCount"]!.GetValue<int>().Should().Be(0);
    }

    [Fact]
    public async Task A_closed_record_folder_refuses_new_entries_until_it_is_reopened()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var box = (await client.CreateFolderAsync(1, "Box 1")).Id();
        var inner = (await client.CreateFolderAsync(box, "Inner")).Id();
        var outside = (await client.CreateFolderAsync(1, "Loose")).Id();
        var document = (await client.ImportAsync(outside, "text"u8.ToArray(), "n.txt", new { name = "Note" })).Id();
        var closed = await client.PatchRmAsync(box, new { isClosed = true });
        closed["isClosed"]!.GetValue<bool>().Should().BeTrue();
        closed.Str("dispositionState").Should().Be("Closed");

        await ShouldBeClosedAsync(await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/{box}/Folder/Children", new { name = "New", entryType = "Folder" }), box);
        await ShouldBeClosedAsync(await client.PostImportAsync(box, "text"u8.ToArray(), "x.txt", new { name = "Filed" }), box);
        await ShouldBeClosedAsync(await client.PostImportAsync(inner, "text"u8.ToArray(), "x.txt", new { name = "Filed" }), box, inner.ToString());
        await ShouldBeClosedAsync(await client.PostImportAsync(1, "text"u8.ToArray(), "x.txt", new { name = "Filed", folderPath = "\\Box 1\\Deeper" }, null), box);
        await ShouldBeClosedAsync(await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/{box}/Folder/Copy", new { sourceId = document, name = "Copied" }), box);
        await ShouldBeClosedAsync(await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/{box}/Folder/CopyAsync", new { sourceId = outside, name = "Copied" }), box);
        await ShouldBeClosedAsync(await client.PatchAsJsonAsync($"{LfRepoApp.V2}/Entries/{document}", new { parentId = box }), box);
        await ShouldBeClosedAsync(await client.PostAsJsonAsync($"{V1}/Entries/{box}/Laserfiche.Repository.Folder/children", new { name = "From v1", entryType = "Folder" }), box);
        await ShouldBeClosedAsync(await client.PatchAsJsonAsync($"{V1}/Entries/{document}", new { parentId = inner }), box, inner.ToString());
        (await ChildNamesAsync(client, box)).Should().Equal("Inner");
        (await ChildNamesAsync(client, inner)).Should().BeEmpty();
        // What is already filed can still be renamed in place, and the folder itself moved.
        (await (await client.PatchAsJsonAsync($"{LfRepoApp.V2}/Entries/{inner}", new { name = "Inner 2" })).ShouldBeJsonAsync(HttpStatusCode.OK)).Str("name").Should().Be("Inner 2");

        var reopened = await client.PatchRmAsync(box, new { isClosed = false });
        reopened["isClosed"]!.GetValue<bool>().Should().BeFalse();

        (await client.CreateFolderAsync(box, "New")).Str("fullPath").Should().Be("\\Box 1\\New");
        (await client.ImportAsync(inner, "text"u8.ToArray(), "x.txt", new { name = "Filed" })).Str("fullPath").Should().Be("\\Box 1\\Inner 2\\Filed");
        (await (await client.PatchAsJsonAsync($"{LfRepoApp.V2}/Entries/{document}", new { parentId = box })).ShouldBeJsonAsync(HttpStatusCode.OK))
            .Str("fullPath").Should().Be("\\Box 1\\Note");
        (await ChildNamesAsync(client, box)).Should().BeEquivalentTo("Inner 2", "New", "Note");
    }
}
