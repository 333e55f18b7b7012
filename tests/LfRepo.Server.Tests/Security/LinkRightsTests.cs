using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Tests.Infrastructure;
using LfRepo.Server.Tests.V1;

namespace LfRepo.Server.Tests.Security;

/// <summary>Links never name an entry the caller may not browse: as admin, as user1, as a user in a denied group.</summary>
[Trait("Engine", "Both")]
public sealed class LinkRightsTests
{
    private const string V1 = V1EntriesTests.V1;

    [Fact]
    public async Task Links_to_entries_a_user_cannot_browse_are_left_out_of_v2_and_v1_listings()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var open = (await admin.CreateFolderAsync(1, "Open")).Id();
        var shared = (await admin.CreateFolderAsync(1, "Shared")).Id();
        var secret = (await admin.CreateFolderAsync(1, "Secret")).Id();
        var hidden = (await admin.CreateFolderAsync(1, "Hidden")).Id();
        await admin.SetAclAsync(secret, new { entries = Array.Empty<object>(), inheritParents = false });
        await (await admin.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{open}/Links", new
        {
            links = new object[]
            {
                new { linkDefinitionId = 1, otherEntryId = shared, isSource = true },
                new { linkDefinitionId = 1, otherEntryId = secret, isSource = true },
                new { linkDefinitionId = 2, otherEntryId = hidden, isSource = false },
            },
        })).ShouldBeJsonAsync(HttpStatusCode.OK);
        var user1 = await app.CreateSignedInClientAsync("user1");
        var temp1 = await app.CreateDeniedUserAsync(admin, hidden);

        (await OtherEndsAsync(admin, open)).Should().Equal(shared, secret, hidden);
        (await OtherEndsAsync(user1, open)).Should().Equal(shared, hidden);
        (await OtherEndsAsync(temp1, open)).Should().Equal(shared);
        var counted = await (await temp1.GetAsync($"{LfRepoApp.V2}/Entries/{open}/Links?$count=true")).ShouldBeJsonAsync(HttpStatusCode.OK);
        counted["@odata.count"]!.GetValue<int>().Should().Be(1);
        var v1 = await (await user1.GetAsync($"{V1}/Entries/{open}/links?$count=true")).ShouldBeJsonAsync(HttpStatusCode.OK);
        v1["@odata.count"]!.GetValue<int>().Should().Be(2);
        v1["value"]!.AsArray().Select(l => l!["targetId"]!.GetValue<int>()).Should().NotContain(secret);
        var v1Admin = await (await admin.GetAsync($"{V1}/Entries/{open}/links?$count=true")).ShouldBeJsonAsync(HttpStatusCode.OK);
        v1Admin["@odata.count"]!.GetValue<int>().Should().Be(3);
    }

    [Fact]
    public async Task SetLinks_keeps_the_links_a_user_cannot_see_and_refuses_naming_a_hidden_entry()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var open = (await admin.CreateFolderAsync(1, "Open")).Id();
        var shared = (await admin.CreateFolderAsync(1, "Shared")).Id();
        var secret = (await admin.CreateFolderAsync(1, "Secret")).Id();
        await admin.SetAclAsync(secret, new { entries = Array.Empty<object>(), inheritParents = false });
        await (await admin.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{open}/Links", new
        {
            links = new object[] { new { linkDefinitionId = 1, otherEntryId = secret, isSource = true } },
        })).ShouldBeJsonAsync(HttpStatusCode.OK);
        var user1 = await app.CreateSignedInClientAsync("user1");

        var set = await (await user1.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{open}/Links", new
        {
            links = new object[] { new { linkDefinitionId = 1, otherEntryId = shared, isSource = true } },
        })).ShouldBeJsonAsync(HttpStatusCode.OK);
        var refused = await (await user1.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{open}/Links", new
        {
            links = new object[] { new { linkDefinitionId = 1, otherEntryId = secret, isSource = true } },
        })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var v1Refused = await (await user1.PutAsJsonAsync($"{V1}/Entries/{open}/links", new object[] { new { linkTypeId = 1, targetId = secret } }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);

        set["value"]!.AsArray().Select(l => l!["targetId"]!.GetValue<int>()).Should().Equal(shared);
        refused.Str("detail").Should().Be($"The entry to link to, entry {secret}, does not exist.");
        v1Refused.Str("detail").Should().Contain($"entry {secret}");
        (await OtherEndsAsync(admin, open)).Should().BeEquivalentTo([shared, secret]);
    }

    private static async Task<List<int>> OtherEndsAsync(HttpClient client, int entryId)
    {
        var page = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{entryId}/Links")).ShouldBeJsonAsync(HttpStatusCode.OK);
        return [.. page["value"]!.AsArray().Select(l => l!.AsObject()).Select(l =>
            l["sourceId"]!.GetValue<int>() == entryId ? l["targetId"]!.GetValue<int>() : l["sourceId"]!.GetValue<int>())];
    }
}
