using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Tests.Infrastructure;
using LfRepo.Server.Tests.Search;
using LfRepo.Server.Tests.V1;

namespace LfRepo.Server.Tests.Security;

/// <summary>A search never matches through a field the caller may not read: as admin, as user1, as a user in a denied group.</summary>
[Trait("Engine", "Both")]
public sealed class FieldSearchRightsTests
{
    private const string V1 = V1EntriesTests.V1;

    [Fact]
    public async Task Terms_on_a_field_user1_may_not_read_match_nothing_for_user1_in_every_search_form()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var noted = (await admin.CreateFolderAsync(1, "Noted")).Id();
        var plain = (await admin.CreateFolderAsync(1, "Plain")).Id();
        await admin.SetFieldsAsync(noted, new { name = "Comment", values = new[] { "walrus memo" } });
        await admin.SetFieldsAsync(plain, new { name = "Text", values = new[] { "walrus public" } });
        var comment = await FieldIdAsync(admin, "Comment");
        await (await admin.PutAsJsonAsync($"{LfRepoApp.V2}/FieldDefinitions/{comment}/AccessControl", new
        {
            entries = new[]
            {
                new { trustee = new { accountName = "Everyone" }, accessControlType = "Allow", rights = new[] { "ReadValue", "SetValue" } },
                new { trustee = new { accountName = "Users" }, accessControlType = "Deny", rights = new[] { "ReadValue" } },
            },
        })).ShouldBeJsonAsync(HttpStatusCode.OK);
        var user1 = await app.CreateSignedInClientAsync("user1");
        var temp1 = await app.CreateDeniedUserAsync(admin, plain);

        const string named = "{[]:[Comment]=\"walrus*\"}";
        const string anyField = "{[]:[]=\"walrus*\"}";
        const string basic = "{LF:Basic~=\"walrus\", option=\"F\"}";

        (await admin.SearchNamesAsync(named)).Should().Equal("Noted");
        (await admin.SearchNamesAsync(anyField)).Should().BeEquivalentTo(["Noted", "Plain"]);
        (await admin.SearchNamesAsync(basic)).Should().BeEquivalentTo(["Noted", "Plain"]);
        (await user1.SearchNamesAsync(named)).Should().BeEmpty();
        (await user1.SearchNamesAsync($"{named} | {{LF:Name=\"Plain\"}}")).Should().Equal("Plain");
        (await user1.SearchNamesAsync(anyField)).Should().Equal("Plain");
        (await user1.SearchNamesAsync(basic)).Should().Equal("Plain");
        (await temp1.SearchNamesAsync(anyField)).Should().BeEmpty("temp1 may not read Comment and may not browse Plain");
        (await SimpleNamesAsync(user1, LfRepoApp.V2, named)).Should().BeEmpty();
        (await SimpleNamesAsync(admin, LfRepoApp.V2, named)).Should().Equal("Noted");
        (await SimpleNamesAsync(user1, V1, anyField)).Should().Equal("Plain");
        (await SimpleNamesAsync(admin, V1, anyField)).Should().BeEquivalentTo(["Noted", "Plain"]);
    }

    private static async Task<List<string>> SimpleNamesAsync(HttpClient client, string root, string command)
    {
        var found = await (await client.PostAsJsonAsync($"{root}/SimpleSearches", new { searchCommand = command })).ShouldBeJsonAsync(HttpStatusCode.OK);
        return [.. found["value"]!.AsArray().Select(v => v!["name"]!.GetValue<string>())];
    }

    private static async Task<int> FieldIdAsync(HttpClient client, string name)
    {
        var fields = await (await client.GetAsync($"{LfRepoApp.V2}/FieldDefinitions")).ShouldBeJsonAsync(HttpStatusCode.OK);
        return fields["value"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == name)!["id"]!.GetValue<int>();
    }
}
