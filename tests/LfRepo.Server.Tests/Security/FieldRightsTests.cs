using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Security;

/// <summary>Field rights on entry metadata: a field without ReadValue is hidden, one without SetValue refuses writes.</summary>
[Trait("Engine", "Both")]
public sealed class FieldRightsTests
{
    [Fact]
    public async Task A_field_user1_may_not_read_is_hidden_and_keeps_its_value_when_user1_sets_the_others()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var folder = (await admin.CreateFolderAsync(1, "Tagged")).Id();
        await Ok(admin.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder}/Fields", new
        {
            fields = new object[] { new { name = "Comment", values = new[] { "secret note" } }, new { name = "Text", values = new[] { "public" } } },
        }));
        var comment = await FieldIdAsync(admin, "Comment");
        await Ok(admin.PutAsJsonAsync($"{LfRepoApp.V2}/FieldDefinitions/{comment}/AccessControl", new
        {
            entries = new[] { new { trustee = new { accountName = "Users" }, accessControlType = "Deny", rights = new[] { "ReadValue" } } },
        }));
        var user1 = await app.CreateSignedInClientAsync("user1");

        var seen = await Ok(user1.GetAsync($"{LfRepoApp.V2}/Entries/{folder}/Fields"));
        var set = await Ok(user1.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder}/Fields", new { fields = new[] { new { name = "Text", values = new[] { "changed" } } } }));
        var hiddenWrite = await user1.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder}/Fields", new { fields = new[] { new { name = "Comment", values = new[] { "x" } } } });
        var hiddenColumn = await user1.GetAsync($"{LfRepoApp.V2}/Entries/1/Folder/Children?fields=Comment");
        var v1 = await Ok(user1.GetAsync($"/LFRepositoryAPI/v1/Repositories/r-emulator/Entries/{folder}/fields"));

        Names(seen).Should().Equal("Text");
        Names(set).Should().Equal("Text");
        (await hiddenWrite.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Unknown field."))["detail"]!.GetValue<string>().Should().Contain("Comment");
        await hiddenColumn.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Unknown field.");
        v1["value"]!.AsArray().Select(f => f!["fieldName"]!.GetValue<string>()).Should().Equal("Text");
        var asAdmin = await Ok(admin.GetAsync($"{LfRepoApp.V2}/Entries/{folder}/Fields"));
        asAdmin["value"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == "Comment")!["values"]![0]!.GetValue<string>().Should().Be("secret note");
        asAdmin["value"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == "Text")!["values"]![0]!.GetValue<string>().Should().Be("changed");
    }

    [Fact]
    public async Task A_field_user1_may_read_but_not_set_refuses_the_write_with_403()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var folder = (await admin.CreateFolderAsync(1, "ReadOnlyField")).Id();
        var text = await FieldIdAsync(admin, "Text");
        await Ok(admin.PutAsJsonAsync($"{LfRepoApp.V2}/FieldDefinitions/{text}/AccessControl", new
        {
            entries = new[] { new { trustee = new { accountName = "Everyone" }, accessControlType = "Allow", rights = new[] { "ReadValue" } } },
        }));
        var user1 = await app.CreateSignedInClientAsync("user1");

        var response = await user1.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder}/Fields", new { fields = new[] { new { name = "Text", values = new[] { "no" } } } });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "Access denied.");
        problem["detail"]!.GetValue<string>().Should().Be("User 'user1' lacks the SetValue right on the field 'Text'.");
        (await Ok(admin.GetAsync($"{LfRepoApp.V2}/Entries/{folder}/Fields")))["value"]!.AsArray().Should().BeEmpty();
    }

    private static async Task<int> FieldIdAsync(HttpClient client, string name)
    {
        var fields = await Ok(client.GetAsync($"{LfRepoApp.V2}/FieldDefinitions"));
        return fields["value"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == name)!["id"]!.GetValue<int>();
    }

    private static List<string> Names(JsonObject listing) => [.. listing["value"]!.AsArray().Select(f => f!["name"]!.GetValue<string>())];

    private static async Task<JsonObject> Ok(Task<HttpResponseMessage> call) => await (await call).ShouldBeJsonAsync(HttpStatusCode.OK);
}
