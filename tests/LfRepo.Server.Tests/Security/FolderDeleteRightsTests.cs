using System.Net;
using System.Text.Json.Nodes;
using LfRepo.Server.Tests.Documents;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Security;

/// <summary>
/// A folder delete needs Delete on everything below it and no document below locked or checked out by someone
/// else; otherwise the task fails and nothing is deleted. As admin, as user1 and as a user in a denied group.
/// </summary>
[Trait("Engine", "Both")]
public sealed class FolderDeleteRightsTests
{
    [Fact]
    public async Task A_folder_with_an_entry_user1_may_not_delete_fails_whole_and_admin_deletes_it()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var folder = (await admin.CreateFolderAsync(1, "Project")).Id();
        var free = (await admin.CreateFolderAsync(folder, "Free")).Id();
        var kept = (await admin.CreateFolderAsync(folder, "Kept")).Id();
        await admin.CreateFolderAsync(kept, "Deeper");
        await admin.SetAclAsync(kept, new { entries = new[] { SecurityUsers.Ace("Users", "Deny", ["Delete"], "ThisEntry") } });
        var user1 = await app.CreateSignedInClientAsync("user1");

        var task = await user1.WaitForTaskAsync(await user1.StartDeleteAsync(folder));

        var error = FailedWith(task, 403);
        error.Str("title").Should().Be("Access denied.");
        error.Str("detail").Should().Be(
            $"User 'user1' lacks the Delete right on entry {kept} ('\\Project\\Kept'); entry {folder} ('\\Project') and everything below it were left as they are.");
        (await user1.ChildNamesAsync(folder)).Should().BeEquivalentTo(["Free", "Kept"]);
        (await user1.GetEntryAsync(free)).Str("name").Should().Be("Free");

        var byAdmin = await admin.WaitForTaskAsync(await admin.StartDeleteAsync(folder));
        byAdmin.Str("status").Should().Be("Completed");
        await (await admin.GetAsync($"{LfRepoApp.V2}/Entries/{kept}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await app.ShouldHaveASoundStoreAsync();
    }

    [Fact]
    public async Task An_entry_hidden_below_is_not_named_and_the_delete_of_a_user_who_may_is_complete()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var folder = (await admin.CreateFolderAsync(1, "Team")).Id();
        var hidden = (await admin.CreateFolderAsync(folder, "Hidden")).Id();
        var other = (await admin.CreateFolderAsync(1, "Other")).Id();
        await admin.CreateFolderAsync(other, "Inside");
        var temp1 = await app.CreateDeniedUserAsync(admin, hidden);
        var user1 = await app.CreateSignedInClientAsync("user1");

        var refused = FailedWith(await temp1.WaitForTaskAsync(await temp1.StartDeleteAsync(folder)), 403);
        var done = await user1.WaitForTaskAsync(await user1.StartDeleteAsync(other));

        refused.Str("detail").Should().Be(
            $"User 'temp1' lacks the Delete right on an entry below it that they cannot see; entry {folder} ('\\Team') and everything below it were left as they are.");
        (await admin.ChildNamesAsync(folder)).Should().Equal("Hidden");
        done.Str("status").Should().Be("Completed");
        await (await admin.GetAsync($"{LfRepoApp.V2}/Entries/{other}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_document_below_locked_or_checked_out_by_another_user_refuses_the_folder_delete_with_423()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var user1 = await app.CreateSignedInClientAsync("user1");
        var locked = (await admin.CreateFolderAsync(1, "Locked")).Id();
        var lockedDoc = (await admin.ImportAsync(locked, System.Text.Encoding.UTF8.GetBytes("text"), "a.txt", new { name = "Doc" })).Id();
        var checkedOut = (await admin.CreateFolderAsync(1, "CheckedOut")).Id();
        var outDoc = (await admin.ImportAsync(checkedOut, System.Text.Encoding.UTF8.GetBytes("text"), "b.txt", new { name = "Doc" })).Id();
        await user1.LockAsync(lockedDoc, "Metadata", "mine");
        await admin.PostDocumentAsync(outDoc, "VersionControl");
        await user1.PostDocumentAsync(outDoc, "CheckOut");

        var byLock = FailedWith(await admin.WaitForTaskAsync(await admin.StartDeleteAsync(locked)), 423);
        var byCheckOut = FailedWith(await admin.WaitForTaskAsync(await admin.StartDeleteAsync(checkedOut)), 423);
        var byHolder = await user1.WaitForTaskAsync(await user1.StartDeleteAsync(locked));

        byLock.Str("title").Should().Be("The document is locked.");
        byLock.Str("detail").Should().Be($"Document {lockedDoc} below entry {locked} ('\\Locked') is locked by user1; nothing was deleted.");
        byCheckOut.Str("detail").Should().Be($"Document {outDoc} below entry {checkedOut} ('\\CheckedOut') is checked out by user1; nothing was deleted.");
        (await admin.GetEntryAsync(outDoc)).Str("name").Should().Be("Doc");
        byHolder.Str("status").Should().Be("Completed");
        await (await admin.GetAsync($"{LfRepoApp.V2}/Entries/{lockedDoc}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    private static JsonObject FailedWith(JsonObject task, int status)
    {
        task.Str("status").Should().Be("Failed");
        var error = task["errors"]!.AsArray().Should().ContainSingle().Subject!.AsObject();
        error["status"]!.GetValue<int>().Should().Be(status);
        return error;
    }
}
