using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LfRepo.Server.Tests.UserAreas;

[Trait("Engine", "Both")]
public sealed class UserAreaDeletionTests
{
    [Fact]
    public async Task Deleting_an_entry_removes_it_and_its_subtree_from_every_area_of_every_user()
    {
        await using var app = new LfRepoApp();
        await app.AddUserAsync("user1", "user1");
        var admin = await app.CreateSignedInClientAsync();
        var user1 = await app.CreateSignedInClientAsync("user1", "user1");
        var keep = await admin.CreateFolderAsync(1, "Keep");
        var gone = await admin.CreateFolderAsync(1, "Gone");
        var inside = await admin.CreateFolderAsync(gone.Id(), "Inside");
        int[] all = [keep.Id(), gone.Id(), inside.Id()];

        await admin.StarAsync(all);
        await user1.StarAsync(inside.Id());
        var collection = await admin.CreateCollectionAsync("Work");
        await admin.PostAsJsonAsync($"{LfRepoApp.V2}/PersonalCollections/{collection.Str("id")}/Entries", new { entryIds = all });
        var area = await user1.CreateAreaAsync("Mine");
        await user1.PostAsJsonAsync($"{LfRepoApp.V2}/UserAreas/{area.Id()}/Entries", new { entryIds = all });
        await admin.GetAsync($"{LfRepoApp.V2}/Entries/{inside.Id()}/Folder/Children");

        var deleted = await admin.WaitForTaskAsync(await admin.StartDeleteAsync(gone.Id()));
        deleted.Str("status").Should().Be("Completed");

        (await admin.GetArrayAsync("StarredEntries")).EntryIds().Should().Equal(keep.Id());
        (await user1.GetArrayAsync("StarredEntries")).Should().BeEmpty();
        (await admin.GetArrayAsync("RecentFolders")).Should().BeEmpty();
        (await (await admin.GetAsync($"{LfRepoApp.V2}/PersonalCollections/{collection.Str("id")}")).ShouldBeJsonAsync(HttpStatusCode.OK))
            .MemberIds().Should().Equal(keep.Id());
        (await user1.GetArrayAsync($"UserAreas/{area.Id()}/Entries")).EntryIds().Should().Equal(keep.Id());

        await using var connection = await app.Services.GetRequiredService<LfRepo.Server.Storage.StoreConnection>().OpenAsync(CancellationToken.None);
        await using var count = connection.CreateCommand();
        count.CommandText = $"SELECT COUNT(*) FROM UserAreaEntries WHERE EntryId IN ({gone.Id()}, {inside.Id()})";
        ((long)(await count.ExecuteScalarAsync())!).Should().Be(0, "the rows go with the entry, not only out of the listings");
    }

    [Fact]
    public async Task Deleting_an_area_or_a_collection_deletes_its_entry_rows()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var area = await client.CreateAreaAsync("Mine");
        await client.PostAsJsonAsync($"{LfRepoApp.V2}/UserAreas/{area.Id()}/Entries", new { entryIds = new[] { 1 } });
        var collection = (await client.CreateCollectionAsync("Work")).Str("id");
        await client.PostAsJsonAsync($"{LfRepoApp.V2}/PersonalCollections/{collection}/Entries", new { entryIds = new[] { 1 } });
        (await CountRowsAsync(app)).Should().Be(2);

        (await client.DeleteAsync($"{LfRepoApp.V2}/UserAreas/{area.Id()}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await client.DeleteAsync($"{LfRepoApp.V2}/PersonalCollections/{collection}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await CountRowsAsync(app)).Should().Be(0);
        (await client.GetEntryAsync(1)).Id().Should().Be(1, "the entries themselves stay");
    }

    private static async Task<long> CountRowsAsync(LfRepoApp app)
    {
        await using var connection = await app.Services.GetRequiredService<LfRepo.Server.Storage.StoreConnection>().OpenAsync(CancellationToken.None);
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM UserAreaEntries";
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
