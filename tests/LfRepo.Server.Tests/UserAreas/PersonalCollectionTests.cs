using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.UserAreas;

[Trait("Engine", "Both")]
public sealed class PersonalCollectionTests
{
    private const string Collections = $"{LfRepoApp.V2}/PersonalCollections";

    [Fact]
    public async Task A_created_collection_has_a_stable_pc_id_its_name_and_no_entries()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        (await client.GetArrayAsync("PersonalCollections")).Should().BeEmpty();

        var created = await client.CreateCollectionAsync("Invoices 2026");

        created.Select(m => m.Key).Should().Equal("id", "name", "entryIds");
        created.Str("id").Should().MatchRegex("^pc_[0-9a-f]{32}$");
        created.Str("name").Should().Be("Invoices 2026");
        created.MemberIds().Should().BeEmpty();
        var fetched = await (await client.GetAsync($"{Collections}/{created.Str("id")}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        fetched.ToJsonString().Should().Be(created.ToJsonString());
        var all = await client.GetArrayAsync("PersonalCollections");
        all.Select(c => c!["name"]!.GetValue<string>()).Should().Equal("Invoices 2026");
    }

    [Fact]
    public async Task Concurrent_creates_of_one_name_give_one_collection_and_409s()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => client.PostAsJsonAsync(Collections, new { name = "Race" })));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).Should().Be(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).Should().Be(11);
        (await client.GetArrayAsync("PersonalCollections")).Select(c => c!["name"]!.GetValue<string>()).Should().Equal("Race");
    }

    [Fact]
    public async Task GetPersonalCollection_takes_select_and_refuses_unknown_members()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var id = (await client.CreateCollectionAsync("Work")).Str("id");

        var selected = await (await client.GetAsync($"{Collections}/{id}?$select=name")).ShouldBeJsonAsync(HttpStatusCode.OK);

        selected.Select(m => m.Key).Should().Equal("name");
        await (await client.GetAsync($"{Collections}/{id}?$select=color")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid OData query option.");
        await (await client.GetAsync($"{Collections}/{id}?$top=1")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid OData query option.");
    }

    [Theory]
    [InlineData("work", HttpStatusCode.Conflict)]
    [InlineData("WORK", HttpStatusCode.Conflict)]
    [InlineData("Starred", HttpStatusCode.Conflict)]
    [InlineData("recentfolders", HttpStatusCode.Conflict)]
    [InlineData("pc_mine", HttpStatusCode.Conflict)]
    [InlineData("", HttpStatusCode.BadRequest)]
    [InlineData("   ", HttpStatusCode.BadRequest)]
    [InlineData(null, HttpStatusCode.BadRequest)]
    public async Task A_taken_reserved_or_blank_name_is_refused_on_create_and_rename(string? name, HttpStatusCode status)
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        await client.CreateCollectionAsync("Work");
        var other = await client.CreateCollectionAsync("Other");

        await (await client.PostAsJsonAsync(Collections, new { name })).ShouldBeProblemAsync(status);
        await (await client.PatchAsJsonAsync($"{Collections}/{other.Str("id")}", new { name })).ShouldBeProblemAsync(status);
        (await client.GetArrayAsync("PersonalCollections")).Select(c => c!["name"]!.GetValue<string>()).Should().Equal("Work", "Other");
    }

    [Fact]
    public async Task Names_have_fewer_than_256_characters()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        await client.CreateCollectionAsync(new string('n', 255));
        (await (await client.PostAsJsonAsync(Collections, new { name = new string('m', 256) })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid request."))
            .Str("detail").Should().Contain("256");
    }

    [Fact]
    public async Task A_user_may_have_at_most_50_collections()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        for (var i = 1; i <= 50; i++)
        {
            await client.CreateCollectionAsync($"C{i}");
        }

        await (await client.PostAsJsonAsync(Collections, new { name = "C51" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Too many personal collections.");
        (await client.GetArrayAsync("PersonalCollections")).Should().HaveCount(50);
    }

    [Fact]
    public async Task Rename_keeps_the_id_and_may_change_only_the_case()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var created = await client.CreateCollectionAsync("work");

        var renamed = await (await client.PatchAsJsonAsync($"{Collections}/{created.Str("id")}", new { name = "Work" })).ShouldBeJsonAsync(HttpStatusCode.OK);

        renamed.Str("id").Should().Be(created.Str("id"));
        renamed.Str("name").Should().Be("Work");
        await (await client.PatchAsJsonAsync($"{Collections}/pc_nope", new { name = "X" })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Personal collection not found.");
    }

    [Fact]
    public async Task Delete_is_idempotent()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var id = (await client.CreateCollectionAsync("Work")).Str("id");

        (await client.DeleteAsync($"{Collections}/{id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await client.DeleteAsync($"{Collections}/{id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await client.DeleteAsync($"{Collections}/Starred")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        await (await client.GetAsync($"{Collections}/{id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Personal collection not found.");
        (await client.GetArrayAsync("PersonalCollections")).Should().BeEmpty();
    }

    [Fact]
    public async Task Deleting_a_collection_named_like_Starred_leaves_the_Starred_list_alone()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        await client.StarAsync(1);

        (await client.DeleteAsync($"{Collections}/Starred")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await client.GetArrayAsync("StarredEntries")).EntryIds().Should().Equal(1);
    }

    [Fact]
    public async Task Entries_are_added_once_in_order_and_removed_idempotently()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var a = await client.CreateFolderAsync(1, "A");
        var b = await client.CreateFolderAsync(1, "B");
        var id = (await client.CreateCollectionAsync("Work")).Str("id");
        var entries = $"{Collections}/{id}/Entries";

        (await (await client.PostAsJsonAsync(entries, new { entryIds = new[] { b.Id() } })).ShouldBeJsonAsync(HttpStatusCode.OK)).MemberIds().Should().Equal(b.Id());
        (await (await client.PostAsJsonAsync(entries, new { entryIds = new[] { a.Id(), b.Id() } })).ShouldBeJsonAsync(HttpStatusCode.OK)).MemberIds().Should().Equal(b.Id(), a.Id());
        (await (await client.SendJsonAsync(HttpMethod.Delete, entries, new { entryIds = new[] { b.Id(), 1 } })).ShouldBeJsonAsync(HttpStatusCode.OK)).MemberIds().Should().Equal(a.Id());
        (await client.GetArrayAsync("PersonalCollections"))[0]!.AsObject().MemberIds().Should().Equal(a.Id());
    }

    [Fact]
    public async Task Adding_to_a_missing_collection_is_a_404_and_an_unknown_entry_a_400()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var id = (await client.CreateCollectionAsync("Work")).Str("id");

        await (await client.PostAsJsonAsync($"{Collections}/pc_0/Entries", new { entryIds = new[] { 1 } })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Personal collection not found.");
        await (await client.SendJsonAsync(HttpMethod.Delete, $"{Collections}/pc_0/Entries", new { entryIds = new[] { 1 } })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsJsonAsync($"{Collections}/{id}/Entries", new { entryIds = new[] { 1, 4242 } })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid entry IDs.");
        await (await client.PostAsJsonAsync($"{Collections}/{id}/Entries", new { entryIds = Array.Empty<int>() })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid entry IDs.");
        (await (await client.GetAsync($"{Collections}/{id}")).ShouldBeJsonAsync(HttpStatusCode.OK)).MemberIds().Should().BeEmpty();
    }

    [Fact]
    public async Task Another_users_collection_is_not_found_and_names_are_per_user()
    {
        await using var app = new LfRepoApp();
        await app.AddUserAsync("user1", "user1");
        var admin = await app.CreateSignedInClientAsync();
        var user1 = await app.CreateSignedInClientAsync("user1", "user1");
        var id = (await admin.CreateCollectionAsync("Work")).Str("id");

        await user1.CreateCollectionAsync("Work");
        await (await user1.GetAsync($"{Collections}/{id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await user1.PatchAsJsonAsync($"{Collections}/{id}", new { name = "Mine" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await user1.PostAsJsonAsync($"{Collections}/{id}/Entries", new { entryIds = new[] { 1 } })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await user1.DeleteAsync($"{Collections}/{id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await (await admin.GetAsync($"{Collections}/{id}")).ShouldBeJsonAsync(HttpStatusCode.OK)).Str("name").Should().Be("Work");
        (await user1.GetArrayAsync("PersonalCollections")).Select(c => c!["id"]!.GetValue<string>()).Should().NotContain(id);
    }

    [Fact]
    public async Task Collections_are_not_generic_user_areas()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        await client.CreateCollectionAsync("Work");

        (await client.GetArrayAsync("UserAreas")).Should().BeEmpty();
    }
}
