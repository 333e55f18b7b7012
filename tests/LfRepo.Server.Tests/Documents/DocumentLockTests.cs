using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Documents;

[Trait("Engine", "Both")]
public sealed class DocumentLockTests : IDisposable
{
    private const string V1 = LfRepoApp.Base + "/v1/Repositories/" + LfRepoApp.RepositoryId;
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "lfrepo-locks-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task LockDocument_GetDocumentLockInfo_and_UnlockDocument_round_trip()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var id = await client.CreateTextDocumentAsync("Locked", "text");

        var none = await client.LockInfoAsync(id);
        none["isActive"]!.GetValue<bool>().Should().BeFalse();
        none["lockToken"].Should().BeNull();
        none["entryId"]!.GetValue<int>().Should().Be(id);

        var locked = await client.LockAsync(id, "Page", "scanning");
        locked.Select(p => p.Key).Should().Equal("@odata.context", "lockToken", "owner", "comment", "extent", "creationTimestampUtc", "entryId", "isActive");
        locked.Str("@odata.context").Should().EndWith("/v2/$metadata#Laserfiche.Repository.LockInfo");
        (locked.Str("owner"), locked.Str("comment"), locked.Str("extent"), locked["isActive"]!.GetValue<bool>()).Should().Be(("admin", "scanning", "Page", true));
        locked.Str("creationTimestampUtc").Should().Be("2026-01-15T09:30:00Z");
        Guid.TryParse(locked.Str("lockToken"), out _).Should().BeTrue();
        var info = await client.LockInfoAsync(id);
        info.Str("lockToken").Should().Be(locked.Str("lockToken"));
        var selected = await (await client.GetAsync($"{DocumentEditClient.DocumentUrl(id)}/Lock?$select=owner,isActive")).ShouldBeJsonAsync(HttpStatusCode.OK);
        selected.Select(p => p.Key).Should().Equal("@odata.context", "owner", "isActive");
        await (await client.GetAsync($"{DocumentEditClient.DocumentUrl(id)}/Lock?$select=nope")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid OData query option.");

        var again = await client.LockAsync(id, "All", "relocked");
        (again.Str("lockToken"), again.Str("extent"), again.Str("comment")).Should().Be((locked.Str("lockToken"), "All", "relocked"));

        (await client.DeleteAsync($"{DocumentEditClient.DocumentUrl(id)}/Lock")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await client.LockInfoAsync(id))["isActive"]!.GetValue<bool>().Should().BeFalse();
        await (await client.DeleteAsync($"{DocumentEditClient.DocumentUrl(id)}/Lock")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "The document holds no such lock.");
        await (await client.PostAsJsonAsync($"{DocumentEditClient.DocumentUrl(id)}/Lock", new { extent = "Pages" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid request.");
        await (await client.PostAsJsonAsync($"{DocumentEditClient.DocumentUrl(1)}/Lock", new { })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Entry is not a document.");
        await (await client.GetAsync($"{DocumentEditClient.DocumentUrl(999)}/Lock")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Entry not found.");
    }

    [Fact]
    public async Task Another_users_lock_is_removed_only_with_its_token()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var user1 = await app.CreateSecondUserClientAsync();
        var id = await admin.CreateTextDocumentAsync("Held", "text");
        var token = (await user1.LockAsync(id)).Str("lockToken");

        var refused = await (await admin.DeleteAsync($"{DocumentEditClient.DocumentUrl(id)}/Lock")).ShouldBeProblemAsync((HttpStatusCode)423, "The document is locked.");
        refused.Str("detail").Should().Contain("user1");
        await (await admin.PostAsJsonAsync($"{DocumentEditClient.DocumentUrl(id)}/Lock", new { })).ShouldBeProblemAsync((HttpStatusCode)423, "The document is locked.");
        await (await admin.DeleteAsync($"{DocumentEditClient.DocumentUrl(id)}/Lock?lockToken=wrong")).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await admin.DeleteAsync($"{DocumentEditClient.DocumentUrl(id)}/Lock?lockToken={token}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await user1.LockInfoAsync(id))["isActive"]!.GetValue<bool>().Should().BeFalse();
    }

    [Fact]
    public async Task Every_write_answers_423_naming_the_holder_while_another_user_holds_an_All_lock()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var user1 = await app.CreateSecondUserClientAsync();
        var id = await admin.CreateTextDocumentAsync("Contract", "page one", "page two");
        var other = await admin.CreateTextDocumentAsync("Other", "other page");
        var folder = (await admin.CreateFolderAsync(1, "Elsewhere")).Id();
        await user1.LockAsync(id, "All");
        var doc = DocumentEditClient.DocumentUrl(id);
        var entry = $"{LfRepoApp.V2}/Entries/{id}";

        var writes = new (string Name, Func<Task<HttpResponseMessage>> Send)[]
        {
            ("CreatePages", () => admin.PostPagesAsync(id, DocumentEditClient.PagesBody(textPages: ["x"]))),
            ("ReplacePages", () => admin.PutAsync($"{doc}/Pages", DocumentEditClient.PagesBody(textPages: ["x"]))),
            ("WritePage", () => admin.PutAsync($"{doc}/Pages/1", new MultipartFormDataContent { { new StringContent("""{"text":"x"}"""), "request" } })),
            ("MovePages", () => admin.PostAsJsonAsync($"{doc}/Pages/Move", new { pageRange = "1", destinationPageNumber = 3 })),
            ("CopyPages into it", () => admin.PostAsJsonAsync($"{DocumentEditClient.DocumentUrl(other)}/Pages/Copy", new { pageRange = "1", destinationEntryId = id, destinationPageNumber = 1 })),
            ("RotateImagePage", () => admin.PostAsJsonAsync($"{doc}/Pages/1/Image/Rotate", new { rotationAngle = 90 })),
            ("DeletePages", () => admin.DeleteAsync($"{doc}/Pages?pageRange=1")),
            ("DeleteElectronicDocument", () => admin.DeleteAsync($"{doc}/Edoc")),
            ("UpdateDocument", () => admin.PatchAsync(doc, DocumentClient.ImportBody([1, 2, 3], "new.pdf", new { }))),
            ("GenerateText", () => admin.PostAsync($"{doc}/GenerateText", null)),
            ("SetFields", () => admin.PutAsJsonAsync($"{entry}/Fields", new { fields = new[] { new { name = "Text", values = new[] { "x" } } } })),
            ("SetTags", () => admin.PutAsJsonAsync($"{entry}/Tags", new { tags = new[] { "Reviewed" } })),
            ("SetLinks", () => admin.PutAsJsonAsync($"{entry}/Links", new { links = Array.Empty<object>() })),
            ("SetTemplate", () => admin.PutAsJsonAsync($"{entry}/Template", new { templateName = "General" })),
            ("RemoveTemplate", () => admin.DeleteAsync($"{entry}/Template")),
            ("rename", () => admin.PatchAsJsonAsync(entry, new { name = "Renamed" })),
            ("move", () => admin.PatchAsJsonAsync(entry, new { parentId = folder })),
            ("StartDeleteEntry", () => admin.SendAsync(new HttpRequestMessage(HttpMethod.Delete, entry) { Content = JsonContent.Create(new { }) })),
            ("PutUnderVersionControl", () => admin.PostAsync($"{doc}/VersionControl", null)),
            ("v1 AssignFieldValues", () => admin.PutAsJsonAsync($"{V1}/Entries/{id}/fields", new Dictionary<string, object> { ["Text"] = new { values = new[] { new { value = "x", position = 1 } } } })),
            ("v1 AssignTags", () => admin.PutAsJsonAsync($"{V1}/Entries/{id}/tags", new { tags = new[] { "Reviewed" } })),
            ("v1 AssignEntryLinks", () => admin.PutAsJsonAsync($"{V1}/Entries/{id}/links", Array.Empty<object>())),
            ("v1 WriteTemplateValueToEntry", () => admin.PutAsJsonAsync($"{V1}/Entries/{id}/template", new { templateName = "General" })),
            ("v1 DeleteAssignedTemplate", () => admin.DeleteAsync($"{V1}/Entries/{id}/template")),
            ("v1 MoveOrRenameEntry", () => admin.PatchAsJsonAsync($"{V1}/Entries/{id}", new { name = "Renamed" })),
            ("v1 DeleteEntryInfo", () => admin.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"{V1}/Entries/{id}") { Content = JsonContent.Create(new { }) })),
            ("v1 DeleteDocument", () => admin.DeleteAsync($"{V1}/Entries/{id}/Laserfiche.Repository.Document/edoc")),
            ("v1 DeletePages", () => admin.DeleteAsync($"{V1}/Entries/{id}/Laserfiche.Repository.Document/pages?pageRange=1")),
        };
        foreach (var (name, send) in writes)
        {
            using var response = await send();
            ((int)response.StatusCode).Should().Be(423, $"{name} writes a document another user locked");
            var problem = await response.ShouldBeProblemAsync((HttpStatusCode)423, "The document is locked.");
            problem.Str("detail").Should().Contain("user1", name);
        }

        var after = await admin.GetEntryAsync(id);
        (after.Str("name"), after["pageCount"]!.GetValue<int>(), after.Str("templateName")).Should().Be(("Contract", 2, ""));
        (after["isLocked"]!.GetValue<bool>(), after.Str("lockedBy"), after["isLockedByAnotherUser"]!.GetValue<bool>()).Should().Be((true, "user1", true));
        var own = await user1.GetEntryAsync(id);
        own["isLockedByAnotherUser"]!.GetValue<bool>().Should().BeFalse();

        // The holder's own writes pass.
        (await user1.CreatePagesAsync(id, textPages: ["three"]))["pageCount"]!.GetValue<int>().Should().Be(3);
        await (await user1.PutAsJsonAsync($"{entry}/Tags", new { tags = new[] { "Reviewed" } })).ShouldBeJsonAsync(HttpStatusCode.OK);
        (await (await user1.PatchAsJsonAsync(entry, new { name = "Renamed by holder" })).ShouldBeJsonAsync(HttpStatusCode.OK)).Str("name").Should().Be("Renamed by holder");
        (await admin.GetAsync($"{doc}/Pages/1/Text")).StatusCode.Should().Be(HttpStatusCode.OK, "reads are not locked");
    }

    [Fact]
    public async Task A_lock_refuses_only_the_writes_of_its_extent()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var user1 = await app.CreateSecondUserClientAsync();
        var id = await admin.CreateTextDocumentAsync("Parts", "page");
        var entry = $"{LfRepoApp.V2}/Entries/{id}";

        await user1.LockAsync(id, "Metadata");
        await (await admin.PutAsJsonAsync($"{entry}/Tags", new { tags = new[] { "Reviewed" } })).ShouldBeProblemAsync((HttpStatusCode)423);
        await (await admin.PatchAsJsonAsync(entry, new { name = "Renamed" })).ShouldBeProblemAsync((HttpStatusCode)423);
        (await admin.CreatePagesAsync(id, textPages: ["more"]))["pageCount"]!.GetValue<int>().Should().Be(2);
        await (await admin.DeleteAsync($"{DocumentEditClient.DocumentUrl(id)}/Edoc")).ShouldBeJsonAsync(HttpStatusCode.OK);

        await user1.LockAsync(id, "Page");
        await (await admin.PostPagesAsync(id, DocumentEditClient.PagesBody(textPages: ["x"]))).ShouldBeProblemAsync((HttpStatusCode)423);
        await (await admin.DeleteAsync($"{DocumentEditClient.DocumentUrl(id)}/Pages")).ShouldBeProblemAsync((HttpStatusCode)423);
        await (await admin.PutAsJsonAsync($"{entry}/Tags", new { tags = new[] { "Reviewed" } })).ShouldBeJsonAsync(HttpStatusCode.OK);

        await user1.LockAsync(id, "Edoc");
        await (await admin.DeleteAsync($"{DocumentEditClient.DocumentUrl(id)}/Edoc")).ShouldBeProblemAsync((HttpStatusCode)423);
        (await admin.CreatePagesAsync(id, textPages: ["more"]))["pageCount"]!.GetValue<int>().Should().Be(3);
        var delete = new HttpRequestMessage(HttpMethod.Delete, entry) { Content = JsonContent.Create(new { }) };
        await (await admin.SendAsync(delete)).ShouldBeProblemAsync((HttpStatusCode)423, "The document is locked.");
    }

    [Fact]
    public async Task Listings_and_v1_show_the_lock_and_check_out_state_they_have_members_for()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var user1 = await app.CreateSecondUserClientAsync();
        var folder = (await admin.CreateFolderAsync(1, "Listed")).Id();
        var id = (await admin.ImportAsync(folder, System.Text.Encoding.UTF8.GetBytes("text"), "a.txt", new { name = "Doc" })).Id();
        await admin.PostDocumentAsync(id, "VersionControl");
        await user1.PostDocumentAsync(id, "CheckOut");

        var listed = await (await admin.GetAsync($"{LfRepoApp.V2}/Entries/{folder}/Folder/Children")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var row = listed["value"]![0]!.AsObject();
        (row["isLocked"]!.GetValue<bool>(), row.Str("lockedBy"), row["isCheckedOut"]!.GetValue<bool>(), row.Str("checkedOutBy"), row["currentVersion"]!.GetValue<int>())
            .Should().Be((true, "user1", true, "user1", 1));
        row.ContainsKey("isLockedByAnotherUser").Should().BeFalse("the spec fills it on single-entry answers only");
        var selected = await (await admin.GetAsync($"{LfRepoApp.V2}/Entries/{id}?$select=isLockedByAnotherUser,lockedBy")).ShouldBeJsonAsync(HttpStatusCode.OK);
        (selected["isLockedByAnotherUser"]!.GetValue<bool>(), selected.Str("lockedBy")).Should().Be((true, "user1"));
        selected.ContainsKey("currentVersion").Should().BeFalse();

        var v1 = await (await admin.GetAsync($"{V1}/Entries/{id}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        (v1["isCheckedOut"]!.GetValue<bool>(), v1["isUnderVersionControl"]!.GetValue<bool>()).Should().Be((true, true));
        v1.ContainsKey("isLocked").Should().BeFalse("the v1 Document has no lock members");
    }

    [Fact]
    public async Task A_lock_survives_a_restart()
    {
        int id;
        string token;
        await using (var first = new LfRepoApp { DataDir = _dataDir })
        {
            var admin = await first.CreateSignedInClientAsync();
            var user1 = await first.CreateSecondUserClientAsync();
            id = await admin.CreateTextDocumentAsync("Durable", "text");
            token = (await user1.LockAsync(id, "All", "over the weekend")).Str("lockToken");
        }

        await using var second = new LfRepoApp { DataDir = _dataDir };
        var client = await second.CreateSignedInClientAsync();
        var info = await client.LockInfoAsync(id);
        (info["isActive"]!.GetValue<bool>(), info.Str("owner"), info.Str("lockToken"), info.Str("comment")).Should().Be((true, "user1", token, "over the weekend"));
        var problem = await (await client.PostPagesAsync(id, DocumentEditClient.PagesBody(textPages: ["x"]))).ShouldBeProblemAsync((HttpStatusCode)423, "The document is locked.");
        problem.Str("detail").Should().Contain("user1");
        (await client.GetEntryAsync(id))["isLocked"]!.GetValue<bool>().Should().BeTrue();
    }
}
