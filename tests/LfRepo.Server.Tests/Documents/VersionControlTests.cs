using System.Net;
using System.Net.Http.Json;
using System.Text;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Documents;

[Trait("Engine", "Both")]
public sealed class VersionControlTests
{
    [Fact]
    public async Task Check_out_and_check_in_make_a_new_version_and_release_the_lock()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var id = await client.CreateTextDocumentAsync("Versioned", "v1 text");

        var fresh = await client.GetEntryAsync(id);
        (fresh["isUnderVersionControl"]!.GetValue<bool>(), fresh["currentVersion"]!.GetValue<int>(), fresh["isCheckedOut"]!.GetValue<bool>()).Should().Be((false, 0, false));
        await (await client.PostAsync($"{DocumentEditClient.DocumentUrl(id)}/CheckOut", JsonContent.Create(new { })))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "The document's version control state does not allow this.");

        var controlled = await client.PostDocumentAsync(id, "VersionControl");
        (controlled["isUnderVersionControl"]!.GetValue<bool>(), controlled["currentVersion"]!.GetValue<int>()).Should().Be((true, 1));
        (await client.PostDocumentAsync(id, "VersionControl"))["currentVersion"]!.GetValue<int>().Should().Be(1, "putting it under version control again changes nothing");

        var checkedOut = await client.PostDocumentAsync(id, "CheckOut", new { comment = "editing" });
        (checkedOut["isCheckedOut"]!.GetValue<bool>(), checkedOut.Str("checkedOutBy"), checkedOut["isCheckedOutByAnotherUser"]!.GetValue<bool>()).Should().Be((true, "admin", false));
        (checkedOut["isLocked"]!.GetValue<bool>(), checkedOut.Str("lockedBy")).Should().Be((true, "admin"));
        (await client.LockInfoAsync(id)).Str("extent").Should().Be("All");
        await (await client.PostAsJsonAsync($"{DocumentEditClient.DocumentUrl(id)}/CheckOut", new { })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await client.CreatePagesAsync(id, textPages: ["v2 text"]);
        (await client.GetEntryAsync(id))["currentVersion"]!.GetValue<int>().Should().Be(1, "changes while checked out wait for the check-in");

        var checkedIn = await client.PostDocumentAsync(id, "CheckIn");
        (checkedIn["isCheckedOut"]!.GetValue<bool>(), checkedIn["checkedOutBy"], checkedIn["currentVersion"]!.GetValue<int>()).Should().Be((false, null, 2));
        checkedIn["isLocked"]!.GetValue<bool>().Should().BeFalse();
        (await client.LockInfoAsync(id))["isActive"]!.GetValue<bool>().Should().BeFalse();
        await (await client.PostAsJsonAsync($"{DocumentEditClient.DocumentUrl(id)}/CheckIn", new { })).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        // Under version control but not checked out, each write is a version of its own.
        await client.CreatePagesAsync(id, textPages: ["v3 text"]);
        (await client.GetEntryAsync(id))["currentVersion"]!.GetValue<int>().Should().Be(3);
    }

    [Fact]
    public async Task CheckOut_without_lock_and_CheckIn_keeping_the_lock()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var id = await client.CreateTextDocumentAsync("Options", "text");
        await client.PostDocumentAsync(id, "VersionControl");

        (await client.PostDocumentAsync(id, "CheckOut", new { @lock = false }))["isLocked"]!.GetValue<bool>().Should().BeFalse();
        (await client.PostDocumentAsync(id, "UndoCheckOut"))["isCheckedOut"]!.GetValue<bool>().Should().BeFalse();

        await client.PostDocumentAsync(id, "CheckOut", new { @lock = true });
        var kept = await client.PostDocumentAsync(id, "CheckIn", new { unlock = false });
        (kept["isCheckedOut"]!.GetValue<bool>(), kept["isLocked"]!.GetValue<bool>()).Should().Be((false, true));
    }

    [Fact]
    public async Task A_document_checked_out_by_another_user_refuses_writes_and_their_check_in()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var user1 = await app.CreateSecondUserClientAsync();
        var id = await admin.CreateTextDocumentAsync("Theirs", "text");
        await admin.PostDocumentAsync(id, "VersionControl");
        await user1.PostDocumentAsync(id, "CheckOut", new { @lock = false });

        var seen = await admin.GetEntryAsync(id);
        (seen.Str("checkedOutBy"), seen["isCheckedOutByAnotherUser"]!.GetValue<bool>(), seen["isLocked"]!.GetValue<bool>()).Should().Be(("user1", true, false));
        var write = await (await admin.PostPagesAsync(id, DocumentEditClient.PagesBody(textPages: ["x"]))).ShouldBeProblemAsync((HttpStatusCode)423, "The document is locked.");
        write.Str("detail").Should().Contain("checked out by user1");
        await (await admin.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{id}/Tags", new { tags = new[] { "Reviewed" } })).ShouldBeProblemAsync((HttpStatusCode)423);
        var checkIn = await (await admin.PostAsJsonAsync($"{DocumentEditClient.DocumentUrl(id)}/CheckIn", new { })).ShouldBeProblemAsync((HttpStatusCode)423);
        checkIn.Str("detail").Should().Contain("user1");
        await (await admin.PostAsJsonAsync($"{DocumentEditClient.DocumentUrl(id)}/UndoCheckOut", new { })).ShouldBeProblemAsync((HttpStatusCode)423);
        await (await admin.PostAsJsonAsync($"{DocumentEditClient.DocumentUrl(id)}/CheckOut", new { })).ShouldBeProblemAsync((HttpStatusCode)423);

        (await user1.CreatePagesAsync(id, textPages: ["theirs"]))["pageCount"]!.GetValue<int>().Should().Be(2);
        (await user1.PostDocumentAsync(id, "CheckIn"))["currentVersion"]!.GetValue<int>().Should().Be(2);
    }

    [Fact]
    public async Task UndoCheckOut_puts_back_the_edoc_pages_and_metadata_of_the_check_out()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var pdf = await client.ImportAsync(1, TestFiles.Pdf(2), "a.pdf", new { name = "Signed", metadata = new { tags = new[] { "Reviewed" } } });
        var id = pdf.Id();
        await client.CreatePagesAsync(id, textPages: ["original 1", "original 2"]);
        await client.SetTemplateAsync(id, "General", "Text", "before");
        await client.PostDocumentAsync(id, "VersionControl");
        await client.PostDocumentAsync(id, "CheckOut");

        await (await client.PatchAsync(DocumentEditClient.DocumentUrl(id), DocumentClient.ImportBody(Encoding.UTF8.GetBytes("replaced"), "new.docx",
            new { metadata = new { tags = new[] { "Needs Attention" } } }))).ShouldBeJsonAsync(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync($"{DocumentEditClient.DocumentUrl(id)}/Pages/Move", new { pageRange = "2", destinationPageNumber = 1 })).ShouldBeJsonAsync(HttpStatusCode.OK);
        await (await client.PutAsync($"{DocumentEditClient.DocumentUrl(id)}/Pages/1", new MultipartFormDataContent { { new StringContent("""{"text":"changed"}"""), "request" } }))
            .ShouldBeJsonAsync(HttpStatusCode.OK);
        await client.CreatePagesAsync(id, textPages: ["added"]);
        await (await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{id}/Fields", new { fields = new[] { new { name = "Text", values = new[] { "after" } } } })).ShouldBeJsonAsync(HttpStatusCode.OK);
        await (await client.DeleteAsync($"{LfRepoApp.V2}/Entries/{id}/Template")).ShouldBeJsonAsync(HttpStatusCode.OK);
        (await client.GetEntryAsync(id)).Str("extension").Should().Be("docx");

        var undone = await client.PostDocumentAsync(id, "UndoCheckOut");

        (undone["isCheckedOut"]!.GetValue<bool>(), undone["isLocked"]!.GetValue<bool>(), undone["currentVersion"]!.GetValue<int>()).Should().Be((false, false, 1));
        (undone.Str("extension"), undone.Str("mimeType"), undone["electronicDocumentSize"]!.GetValue<long>()).Should().Be(("pdf", "application/pdf", TestFiles.Pdf(2).Length));
        undone.Str("templateName").Should().Be("General");
        (await client.PageTextsAsync(id)).Should().Equal("original 1", "original 2");
        var edoc = await client.ExportAndDownloadAsync(id, new { part = "Edoc" });
        (await edoc.Content.ReadAsByteArrayAsync()).Should().Equal(TestFiles.Pdf(2));
        var tags = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{id}/Tags")).ShouldBeJsonAsync(HttpStatusCode.OK);
        tags["value"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).Should().Equal("Reviewed");
        var fields = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{id}/Fields")).ShouldBeJsonAsync(HttpStatusCode.OK);
        fields["value"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == "Text")!["values"]![0]!.GetValue<string>().Should().Be("before");
        await (await client.PostAsJsonAsync($"{DocumentEditClient.DocumentUrl(id)}/UndoCheckOut", new { })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task UndoCheckOut_refuses_a_document_not_under_version_control()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var id = await client.CreateTextDocumentAsync("Plain", "text");

        var problem = await (await client.PostAsJsonAsync($"{DocumentEditClient.DocumentUrl(id)}/UndoCheckOut", new { })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.Str("detail").Should().Contain("not under version control");
    }
}

internal static class TemplateClient
{
    public static async Task SetTemplateAsync(this HttpClient client, int id, string template, string field, string value) =>
        await (await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{id}/Template", new { templateName = template, fields = new[] { new { name = field, values = new[] { value } } } }))
            .ShouldBeJsonAsync(HttpStatusCode.OK);
}
