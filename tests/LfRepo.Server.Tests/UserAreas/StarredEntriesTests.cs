using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.UserAreas;

[Trait("Engine", "Both")]
public sealed class StarredEntriesTests
{
    private const string Starred = $"{LfRepoApp.V2}/StarredEntries";

    [Fact]
    public async Task Nothing_is_starred_until_the_user_stars_an_entry()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        (await client.GetArrayAsync("StarredEntries")).Should().BeEmpty();
    }

    [Fact]
    public async Task StarEntries_creates_the_list_on_first_use_and_returns_it_in_starring_order()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var a = await client.CreateFolderAsync(1, "A");
        var b = await client.CreateFolderAsync(a.Id(), "B");

        var starred = await client.StarAsync(b.Id(), a.Id());

        starred.EntryIds().Should().Equal(b.Id(), a.Id());
        starred[0]!.AsObject().Select(m => m.Key).Should().Equal("entryId", "fullPath");
        starred[0]!["fullPath"]!.GetValue<string>().Should().Be(@"\A\B");
        (await client.GetArrayAsync("StarredEntries")).EntryIds().Should().Equal(b.Id(), a.Id());
    }

    [Fact]
    public async Task Starring_again_leaves_starred_entries_unchanged()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var a = await client.CreateFolderAsync(1, "A");
        var b = await client.CreateFolderAsync(1, "B");
        await client.StarAsync(a.Id());

        (await client.StarAsync(b.Id(), a.Id(), b.Id())).EntryIds().Should().Equal(a.Id(), b.Id());
    }

    [Fact]
    public async Task UnstarEntries_removes_the_entries_and_ignores_ones_not_starred()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var a = await client.CreateFolderAsync(1, "A");
        var b = await client.CreateFolderAsync(1, "B");
        var c = await client.CreateFolderAsync(1, "C");
        (await (await client.SendJsonAsync(HttpMethod.Delete, Starred, new { entryIds = new[] { a.Id() } })).ShouldBeJsonArrayAsync())
            .Should().BeEmpty("unstarring before anything was starred changes nothing");
        await client.StarAsync(a.Id(), b.Id());

        var left = await (await client.SendJsonAsync(HttpMethod.Delete, Starred, new { entryIds = new[] { a.Id(), c.Id() } })).ShouldBeJsonArrayAsync();

        left.EntryIds().Should().Equal(b.Id());
        (await client.GetArrayAsync("StarredEntries")).EntryIds().Should().Equal(b.Id());
    }

    [Fact]
    public async Task A_missing_empty_or_non_positive_entry_id_list_is_a_400()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        await (await client.PostAsJsonAsync(Starred, new { })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid entry IDs.");
        await (await client.PostAsJsonAsync(Starred, new { entryIds = Array.Empty<int>() })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid entry IDs.");
        (await (await client.PostAsJsonAsync(Starred, new { entryIds = new[] { 1, 0 } })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid entry IDs."))
            .Str("detail").Should().Contain("0 is not an entry ID");
        await (await client.SendJsonAsync(HttpMethod.Delete, Starred, new { entryIds = Array.Empty<int>() })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PostAsJsonAsync(Starred, new { entryIds = "1" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid request.");
        (await client.GetArrayAsync("StarredEntries")).Should().BeEmpty();
    }

    [Fact]
    public async Task Starring_an_entry_that_does_not_exist_is_a_400_and_stars_nothing()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var a = await client.CreateFolderAsync(1, "A");

        var problem = await (await client.PostAsJsonAsync(Starred, new { entryIds = new[] { a.Id(), 9999 } })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid entry IDs.");

        problem.Str("detail").Should().Contain("9999");
        (await client.GetArrayAsync("StarredEntries")).Should().BeEmpty();
    }

    [Fact]
    public async Task Each_user_sees_only_their_own_starred_entries()
    {
        await using var app = new LfRepoApp();
        await app.AddUserAsync("user1", "user1");
        var admin = await app.CreateSignedInClientAsync();
        var user1 = await app.CreateSignedInClientAsync("user1", "user1");
        var a = await admin.CreateFolderAsync(1, "A");
        var b = await admin.CreateFolderAsync(1, "B");

        await admin.StarAsync(a.Id());
        await user1.StarAsync(b.Id());

        (await admin.GetArrayAsync("StarredEntries")).EntryIds().Should().Equal(a.Id());
        (await user1.GetArrayAsync("StarredEntries")).EntryIds().Should().Equal(b.Id());
    }

    [Fact]
    public async Task The_listing_takes_no_OData_options()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        (await (await client.GetAsync($"{Starred}?$top=1")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid OData query option."))
            .Str("detail").Should().Contain("$top");
    }
}
