using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Tests.Documents;
using LfRepo.Server.Tests.Infrastructure;
using LfRepo.Server.Tests.Search;

namespace LfRepo.Server.Tests.Security;

/// <summary>Entry rights on every operation: as admin, as user1 (the seed's ordinary user), as a user in a denied group, as a reader.</summary>
[Trait("Engine", "Both")]
public sealed class EntryRightsTests
{
    [Fact]
    public async Task The_seed_lets_user1_sign_in_and_work_in_the_root_as_themself()
    {
        await using var app = new LfRepoApp();
        var user1 = await app.CreateSignedInClientAsync("user1");

        var folder = await user1.CreateFolderAsync(1, "Mine");

        folder.Str("creator").Should().Be("user1");
        (await user1.ChildNamesAsync(1)).Should().Contain("Mine");
    }

    [Fact]
    public async Task A_folder_closed_to_Users_does_not_exist_for_user1_anywhere()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var hr = (await admin.CreateFolderAsync(1, "HR")).Id();
        var salaries = (await admin.CreateFolderAsync(hr, "Salaries")).Id();
        await admin.CreateFolderAsync(1, "Public");
        await admin.SetAclAsync(hr, new { entries = Array.Empty<object>(), inheritParents = false });
        var user1 = await app.CreateSignedInClientAsync("user1");

        var hidden = await (await user1.GetAsync($"{LfRepoApp.V2}/Entries/{hr}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Entry not found.");
        hidden["detail"]!.GetValue<string>().Should().Be($"Entry {hr} does not exist.");
        await (await user1.GetAsync($"{LfRepoApp.V2}/Entries/{salaries}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await user1.GetAsync($"{LfRepoApp.V2}/Entries/{salaries}/Folder/Children")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await user1.GetAsync($"{LfRepoApp.V2}/Entries/ByPath?fullPath=%5CHR%5CSalaries")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var closest = await (await user1.GetAsync($"{LfRepoApp.V2}/Entries/ByPath?fullPath=%5CHR%5CSalaries&fallbackToClosestAncestor=true")).ShouldBeJsonAsync(HttpStatusCode.OK);
        closest["ancestorEntry"]!["id"]!.GetValue<int>().Should().Be(1);
        (await user1.ChildNamesAsync(1)).Should().BeEquivalentTo(["Public"]);
        var count = await (await user1.GetAsync($"{LfRepoApp.V2}/Entries/1/Folder/Children?$count=true")).ShouldBeJsonAsync(HttpStatusCode.OK);
        count["@odata.count"]!.GetValue<int>().Should().Be(1);

        (await admin.ChildNamesAsync(1)).Should().BeEquivalentTo(["HR", "Public"]);
        (await admin.GetEntryAsync(salaries)).Str("fullPath").Should().Be("\\HR\\Salaries");
    }

    [Fact]
    public async Task A_child_with_its_own_allow_is_listed_where_its_siblings_are_not()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var folder = (await admin.CreateFolderAsync(1, "Narrow")).Id();
        var open = (await admin.CreateFolderAsync(folder, "Open")).Id();
        await admin.CreateFolderAsync(folder, "Closed");
        await admin.SetAclAsync(folder, new { entries = new[] { SecurityUsers.Ace("user1", "Allow", ["Browse"], "ThisEntry") }, inheritParents = false });
        await admin.SetAclAsync(open, new { entries = new[] { SecurityUsers.Ace("Users", "Allow", ["Browse", "Read"], "ThisEntry") } });
        var user1 = await app.CreateSignedInClientAsync("user1");

        (await user1.ChildNamesAsync(folder)).Should().Equal("Open");
        var count = await (await user1.GetAsync($"{LfRepoApp.V2}/Entries/{folder}/Folder/Children?$count=true")).ShouldBeJsonAsync(HttpStatusCode.OK);
        count["@odata.count"]!.GetValue<int>().Should().Be(1);
        (await admin.ChildNamesAsync(folder)).Should().Equal("Closed", "Open");
    }

    [Fact]
    public async Task Search_finds_only_what_the_caller_may_browse()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var hr = (await admin.CreateFolderAsync(1, "HR")).Id();
        await admin.CreateFolderAsync(hr, "Budget HR");
        await admin.CreateFolderAsync(1, "Budget Public");
        await admin.SetAclAsync(hr, new { entries = Array.Empty<object>(), inheritParents = false });
        var user1 = await app.CreateSignedInClientAsync("user1");

        (await user1.SearchNamesAsync("{LF:Name=\"Budget*\"}")).Should().Equal("Budget Public");
        var simple = await (await user1.PostAsJsonAsync($"{LfRepoApp.V2}/SimpleSearches", new { searchCommand = "{LF:Name=\"Budget*\"}" }))
            .ShouldBeJsonAsync(HttpStatusCode.OK);
        simple["value"]!.AsArray().Select(v => v!["name"]!.GetValue<string>()).Should().Equal("Budget Public");
        (await admin.SearchNamesAsync("{LF:Name=\"Budget*\"}")).Should().Equal("Budget HR", "Budget Public");
    }

    [Fact]
    public async Task Deny_on_a_group_wins_over_the_allow_of_another_group()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var projects = (await admin.CreateFolderAsync(1, "Projects")).Id();
        var inner = (await admin.CreateFolderAsync(projects, "Inner")).Id();
        var temp1 = await app.CreateDeniedUserAsync(admin, projects);
        var user1 = await app.CreateSignedInClientAsync("user1");

        await (await temp1.GetAsync($"{LfRepoApp.V2}/Entries/{projects}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await temp1.GetAsync($"{LfRepoApp.V2}/Entries/{inner}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await temp1.ChildNamesAsync(1)).Should().NotContain("Projects");
        (await user1.GetEntryAsync(inner)).Str("name").Should().Be("Inner");
        (await user1.ChildNamesAsync(1)).Should().Contain("Projects");
    }

    [Fact]
    public async Task A_reader_gets_403_naming_the_missing_right_for_each_write()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var folder = (await admin.CreateFolderAsync(1, "Shared")).Id();
        var doc = (await admin.ImportAsync(folder, TestFiles.Png(), "scan.png", new { name = "Scan", autoRename = false })).Id();
        var reader = await app.CreateReaderAsync(admin);

        (await reader.GetEntryAsync(folder)).Str("name").Should().Be("Shared");
        await Denied(reader.DeleteAsync($"{LfRepoApp.V2}/Entries/{folder}"), "Delete", folder);
        await Denied(reader.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder}/Folder/Children", new { name = "New", entryType = "Folder" }), "CreateFolder", folder);
        await Denied(reader.PatchAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder}", new { name = "Renamed" }), "Rename", folder);
        await Denied(reader.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{doc}/Fields", new { fields = Array.Empty<object>() }), "WriteMetadata", doc);
        await Denied(reader.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{doc}/Tags", new { tags = Array.Empty<object>() }), "WriteMetadata", doc);
        await Denied(reader.PostImportAsync(folder, TestFiles.Png(), "b.png", new { name = "B" }), "CreateDocument", folder);
        await Denied(reader.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder}/AccessControl", new { entries = Array.Empty<object>() }), "ChangePermissions", folder);
        await Denied(reader.GetAsync($"{LfRepoApp.V2}/Entries/{folder}/AccessControl"), "ReadPermissions", folder);
        await Denied(reader.DeleteAsync($"/LFRepositoryAPI/v1/Repositories/r-emulator/Entries/{folder}"), "Delete", folder);

        (await reader.GetAsync($"{LfRepoApp.V2}/Entries/{doc}/Document/Pages/1/Image")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await reader.ChildNamesAsync(folder)).Should().Equal("Scan");
    }

    [Fact]
    public async Task Without_Read_a_document_is_listed_but_not_exported()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var doc = (await admin.ImportAsync(1, TestFiles.Png(), "scan.png", new { name = "Scan" })).Id();
        var browser = await app.CreateReaderAsync(admin, ["Browse"]);

        await Denied(browser.PostExportAsync(doc, new { part = "Image", imageFormat = "PNG" }), "Read", doc);
        await Denied(browser.GetAsync($"{LfRepoApp.V2}/Entries/{doc}/Document/Pages/1/Image"), "Read", doc);
        await Denied(browser.GetAsync($"/LFRepositoryAPI/v1/Repositories/r-emulator/Entries/{doc}/Laserfiche.Repository.Document/edoc"), "Read", doc);
        (await browser.GetEntryAsync(doc)).Str("name").Should().Be("Scan");
    }

    [Fact]
    public async Task A_folder_copy_leaves_out_what_the_caller_cannot_browse()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var team = (await admin.CreateFolderAsync(1, "Team")).Id();
        var secret = (await admin.CreateFolderAsync(team, "Secret")).Id();
        await admin.CreateFolderAsync(secret, "Deeper");
        await admin.CreateFolderAsync(team, "Open");
        await admin.SetAclAsync(secret, new { entries = Array.Empty<object>(), inheritParents = false });
        var user1 = await app.CreateSignedInClientAsync("user1");

        var task = await user1.WaitForTaskAsync(await user1.StartCopyAsync(1, team, "Team copy"));

        task.Str("status").Should().Be("Completed");
        var copy = task["result"]!["entryId"]!.GetValue<int>();
        (await admin.ChildNamesAsync(copy)).Should().Equal("Open");
        await (await user1.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/1/Folder/CopyAsync", new { sourceId = secret, name = "Stolen" }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task V1_hides_and_refuses_by_the_same_rules()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var hr = (await admin.CreateFolderAsync(1, "HR")).Id();
        await admin.CreateFolderAsync(1, "Public");
        await admin.SetAclAsync(hr, new { entries = Array.Empty<object>(), inheritParents = false });
        var user1 = await app.CreateSignedInClientAsync("user1");
        const string v1 = "/LFRepositoryAPI/v1/Repositories/r-emulator";

        await (await user1.GetAsync($"{v1}/Entries/{hr}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var listing = await (await user1.GetAsync($"{v1}/Entries/1/Laserfiche.Repository.Folder/children")).ShouldBeJsonAsync(HttpStatusCode.OK);
        listing["value"]!.AsArray().Select(v => v!["name"]!.GetValue<string>()).Should().Equal("Public");
        await (await user1.GetAsync($"{v1}/Entries/ByPath?fullPath=%5CHR")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Another_users_task_is_not_found()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var folder = (await admin.CreateFolderAsync(1, "Old")).Id();
        var taskId = await admin.StartDeleteAsync(folder);
        var user1 = await app.CreateSignedInClientAsync("user1");

        await (await user1.GetAsync($"{LfRepoApp.V2}/Tasks?taskIds={taskId}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Task not found.");
        await (await user1.DeleteAsync($"{LfRepoApp.V2}/Tasks?taskIds={taskId}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Task not found.");
        var own = await (await user1.GetAsync($"{LfRepoApp.V2}/Tasks")).ShouldBeJsonAsync(HttpStatusCode.OK);
        own["value"]!.AsArray().Should().BeEmpty();
        (await admin.WaitForTaskAsync(taskId)).Str("status").Should().Be("Completed");
    }

    [Fact]
    public async Task A_download_link_stops_working_when_its_user_loses_Read_or_is_disabled()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var doc = (await admin.ImportAsync(1, TestFiles.Png(), "scan.png", new { name = "Scan" })).Id();
        var user1 = await app.CreateSignedInClientAsync("user1");
        var kept = await user1.ExportAsync(doc, new { part = "Image", imageFormat = "PNG" });
        var revoked = await user1.ExportAsync(doc, new { part = "Image", imageFormat = "PNG" });
        var byAdmin = await admin.ExportAsync(doc, new { part = "Image", imageFormat = "PNG" });

        (await user1.GetAsync(kept)).StatusCode.Should().Be(HttpStatusCode.OK);
        await admin.SetAclAsync(doc, new { entries = new[] { SecurityUsers.Ace("Users", "Deny", ["Read"], "ThisEntry") } });
        (await user1.GetAsync(revoked)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await admin.GetAsync(byAdmin)).StatusCode.Should().Be(HttpStatusCode.OK);

        await admin.SetAclAsync(doc, new { entries = Array.Empty<object>() });
        var beforeDisabling = await user1.ExportAsync(doc, new { part = "Image", imageFormat = "PNG" });
        var directory = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<LfRepo.Server.Security.UserDirectory>(app.Services);
        await directory.CreateUserAsync(new LfRepo.Server.Security.NewUser("user1", "user1", "User One", ["Users"], IsDisabled: true), CancellationToken.None);
        (await app.CreateClient().GetAsync(beforeDisabling)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_disabled_user_gets_no_token()
    {
        await using var app = new LfRepoApp();
        var directory = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<LfRepo.Server.Security.UserDirectory>(app.Services);
        await directory.CreateUserAsync(new LfRepo.Server.Security.NewUser("gone", "gone", IsDisabled: true), CancellationToken.None);
        var client = app.CreateClient();

        var response = await client.PostAsync($"{LfRepoApp.Base}/v1/Repositories/{LfRepoApp.RepositoryId}/Token", new FormUrlEncodedContent(
            [new("grant_type", "password"), new("username", "gone"), new("password", "gone")]));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "The account is disabled.");
        problem["detail"]!.GetValue<string>().Should().Be("The account 'gone' is disabled.");
    }

    private static async Task Denied(Task<HttpResponseMessage> call, string right, int entryId)
    {
        var problem = await (await call).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "Access denied.");
        problem["detail"]!.GetValue<string>().Should().EndWith($"lacks the {right} right on entry {entryId}.");
    }
}
