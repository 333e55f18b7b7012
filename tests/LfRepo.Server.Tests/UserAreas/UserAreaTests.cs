using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.UserAreas;

[Trait("Engine", "Both")]
public sealed class UserAreaTests
{
    private const string Areas = $"{LfRepoApp.V2}/UserAreas";

    [Fact]
    public async Task An_area_is_created_read_listed_updated_and_deleted()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        (await client.GetArrayAsync("UserAreas")).Should().BeEmpty();

        var created = await client.CreateAreaAsync("Reading list", "to read", "{\"v\":1}");
        created.Select(m => m.Key).Should().Equal("id", "name", "comment", "data");
        created.Str("name").Should().Be("Reading list");
        created.Str("comment").Should().Be("to read");
        created.Str("data").Should().Be("{\"v\":1}");
        var id = created.Id();

        (await (await client.GetAsync($"{Areas}/{id}")).ShouldBeJsonAsync(HttpStatusCode.OK)).ToJsonString().Should().Be(created.ToJsonString());
        (await client.GetArrayAsync("UserAreas")).Select(a => a!["id"]!.GetValue<int>()).Should().Equal(id);

        var updated = await (await client.PutAsJsonAsync($"{Areas}/{id}", new { comment = "done" })).ShouldBeJsonAsync(HttpStatusCode.OK);
        updated.Str("name").Should().Be("Reading list", "a null name is left unchanged");
        updated.Str("comment").Should().Be("done");
        updated.Str("data").Should().Be("{\"v\":1}");
        var renamed = await (await client.PutAsJsonAsync($"{Areas}/{id}", new { name = "Read" })).ShouldBeJsonAsync(HttpStatusCode.OK);
        renamed.Str("name").Should().Be("Read");
        renamed.Str("comment").Should().Be("done");

        (await client.DeleteAsync($"{Areas}/{id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await client.GetAsync($"{Areas}/{id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "User area not found.");
        await (await client.DeleteAsync($"{Areas}/{id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "User area not found.");
    }

    [Fact]
    public async Task Comment_and_data_are_optional_and_omitted_when_absent()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var created = await client.CreateAreaAsync("Bare");

        created.Select(m => m.Key).Should().Equal("id", "name");
        var selected = await (await client.GetAsync($"{Areas}/{created.Id()}?$select=name")).ShouldBeJsonAsync(HttpStatusCode.OK);
        selected.Select(m => m.Key).Should().Equal("name");
    }

    [Theory]
    [InlineData("Starred")]
    [InlineData("starred")]
    [InlineData("RecentDocuments")]
    [InlineData("RECENTFOLDERS")]
    [InlineData("pc_anything")]
    [InlineData("PC_Anything")]
    public async Task Reserved_names_are_refused_on_create_and_update(string name)
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var area = await client.CreateAreaAsync("Mine");

        (await (await client.PostAsJsonAsync(Areas, new { name })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "The user area name is reserved."))
            .Str("detail").Should().Contain(name);
        await (await client.PutAsJsonAsync($"{Areas}/{area.Id()}", new { name })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "The user area name is reserved.");
        (await client.GetArrayAsync("UserAreas")).Select(a => a!["name"]!.GetValue<string>()).Should().Equal("Mine");
    }

    [Fact]
    public async Task A_taken_name_is_a_409_and_a_missing_or_long_one_a_400()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        await client.CreateAreaAsync("Mine");
        var other = await client.CreateAreaAsync("Other");

        await (await client.PostAsJsonAsync(Areas, new { name = "MINE" })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "A user area with the requested name already exists.");
        await (await client.PutAsJsonAsync($"{Areas}/{other.Id()}", new { name = "mine" })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await client.PostAsJsonAsync(Areas, new { comment = "no name" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid request.");
        await (await client.PostAsJsonAsync(Areas, new { name = new string('x', 256) })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid request.");
        await (await client.PutAsJsonAsync($"{Areas}/{other.Id()}", new { name = " " })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid request.");
        (await (await client.GetAsync($"{Areas}/{other.Id()}")).ShouldBeJsonAsync(HttpStatusCode.OK)).Str("name").Should().Be("Other");
    }

    [Fact]
    public async Task Application_managed_areas_are_not_part_of_this_surface()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        await client.StarAsync(1);
        await client.GetAsync($"{LfRepoApp.V2}/Entries/1/Folder/Children");
        await client.CreateCollectionAsync("Work");

        (await client.GetArrayAsync("UserAreas")).Should().BeEmpty();
        for (var id = 1; id <= 3; id++)
        {
            await (await client.GetAsync($"{Areas}/{id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "User area not found.");
            await (await client.DeleteAsync($"{Areas}/{id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
            await (await client.GetAsync($"{Areas}/{id}/Entries")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }
        (await client.GetArrayAsync("StarredEntries")).EntryIds().Should().Equal(1);
    }

    [Fact]
    public async Task Entries_are_listed_in_the_order_added_and_changes_are_idempotent()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var a = await client.CreateFolderAsync(1, "A");
        var b = await client.CreateFolderAsync(1, "B");
        var entries = $"{Areas}/{(await client.CreateAreaAsync("Mine")).Id()}/Entries";
        (await (await client.GetAsync(entries)).ShouldBeJsonArrayAsync()).Should().BeEmpty();

        (await (await client.PostAsJsonAsync(entries, new { entryIds = new[] { b.Id(), a.Id() } })).ShouldBeJsonArrayAsync()).EntryIds().Should().Equal(b.Id(), a.Id());
        (await (await client.PostAsJsonAsync(entries, new { entryIds = new[] { a.Id(), 1 } })).ShouldBeJsonArrayAsync()).EntryIds().Should().Equal(b.Id(), a.Id(), 1);
        var left = await (await client.SendJsonAsync(HttpMethod.Delete, entries, new { entryIds = new[] { b.Id(), 77 } })).ShouldBeJsonArrayAsync();

        left.EntryIds().Should().Equal(a.Id(), 1);
        left[1]!["fullPath"]!.GetValue<string>().Should().Be(@"\");
        (await (await client.GetAsync(entries)).ShouldBeJsonArrayAsync()).EntryIds().Should().Equal(a.Id(), 1);
        await (await client.PostAsJsonAsync(entries, new { entryIds = new[] { 555 } })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid entry IDs.");
        await (await client.PostAsJsonAsync($"{Areas}/999/Entries", new { entryIds = new[] { 1 } })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "User area not found.");
        await (await client.SendJsonAsync(HttpMethod.Delete, $"{Areas}/999/Entries", new { entryIds = new[] { 1 } })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task One_user_never_sees_or_changes_another_users_areas()
    {
        await using var app = new LfRepoApp();
        await app.AddUserAsync("user1", "user1");
        var admin = await app.CreateSignedInClientAsync();
        var user1 = await app.CreateSignedInClientAsync("user1", "user1");
        var area = await admin.CreateAreaAsync("Mine");
        await admin.PostAsJsonAsync($"{Areas}/{area.Id()}/Entries", new { entryIds = new[] { 1 } });

        await user1.CreateAreaAsync("Mine");
        (await user1.GetArrayAsync("UserAreas")).Select(a => a!["id"]!.GetValue<int>()).Should().NotContain(area.Id());
        await (await user1.GetAsync($"{Areas}/{area.Id()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await user1.PutAsJsonAsync($"{Areas}/{area.Id()}", new { comment = "mine now" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await user1.DeleteAsync($"{Areas}/{area.Id()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await user1.GetAsync($"{Areas}/{area.Id()}/Entries")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await user1.SendJsonAsync(HttpMethod.Delete, $"{Areas}/{area.Id()}/Entries", new { entryIds = new[] { 1 } })).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var mine = await (await admin.GetAsync($"{Areas}/{area.Id()}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        mine.ContainsKey("comment").Should().BeFalse();
        (await admin.GetArrayAsync($"UserAreas/{area.Id()}/Entries")).EntryIds().Should().Equal(1);
    }

    [Fact]
    public async Task A_non_numeric_area_id_answers_no_operation()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        await (await client.GetAsync($"{Areas}/abc")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Resource not found.");
    }
}
