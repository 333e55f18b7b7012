using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Security;

/// <summary>The security operations of the 2026 v2 spec: trustees, session rights, entry, field and template ACLs and rights.</summary>
[Trait("Engine", "Both")]
public sealed class AccessControlTests
{
    [Fact]
    public async Task LookupTrustees_lists_users_and_groups_with_stable_SIDs()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();

        var all = await TrusteesAsync(await admin.GetAsync($"{LfRepoApp.V2}/Trustees"));
        var groups = await TrusteesAsync(await admin.GetAsync($"{LfRepoApp.V2}/Trustees?type=Group"));
        var found = await TrusteesAsync(await admin.GetAsync($"{LfRepoApp.V2}/Trustees?search=USER&type=User"));

        all.Select(t => t["accountName"]!.GetValue<string>()).Should().Equal("admin", "Everyone", "user1", "Users");
        groups.Select(t => t["accountName"]!.GetValue<string>()).Should().Equal("Everyone", "Users");
        var user1 = found.Should().ContainSingle().Subject;
        user1["sid"]!.GetValue<string>().Should().MatchRegex(@"^S-1-5-21-\d+-\d+-\d+-\d+$");
        user1["displayName"]!.GetValue<string>().Should().Be("User One");
        user1["trusteeType"]!.GetValue<string>().Should().Be("LaserficheUser");
        user1["isUser"]!.GetValue<bool>().Should().BeTrue();
        user1["isDisabled"]!.GetValue<bool>().Should().BeFalse();
        all.Single(t => t["accountName"]!.GetValue<string>() == "Everyone")["sid"]!.GetValue<string>().Should().Be("S-1-1-0");
        await (await admin.GetAsync($"{LfRepoApp.V2}/Trustees?count=0")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.GetAsync($"{LfRepoApp.V2}/Trustees?type=Robot")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_root_ACL_is_the_seeds_and_children_inherit_it()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var folder = (await admin.CreateFolderAsync(1, "Child")).Id();

        var root = await (await admin.GetAsync($"{LfRepoApp.V2}/Entries/1/AccessControl")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var child = await (await admin.GetAsync($"{LfRepoApp.V2}/Entries/{folder}/AccessControl")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var explicitOnly = await (await admin.GetAsync($"{LfRepoApp.V2}/Entries/{folder}/AccessControl?includeInherited=false")).ShouldBeJsonAsync(HttpStatusCode.OK);

        root["inheritParents"]!.GetValue<bool>().Should().BeTrue();
        var ace = root["entries"]!.AsArray().Should().ContainSingle().Subject!;
        ace["trustee"]!["accountName"]!.GetValue<string>().Should().Be("Users");
        ace["accessControlType"]!.GetValue<string>().Should().Be("Allow");
        ace["scope"]!.GetValue<string>().Should().Be("All");
        ace["isInherited"]!.GetValue<bool>().Should().BeFalse();
        ace["rights"]!.AsArray().Select(r => r!.GetValue<string>()).Should().Contain(["Browse", "Delete", "ReadPermissions"])
            .And.NotContain(["ChangePermissions", "TakeOwnership", "SeeThroughRedactions"]);
        var inherited = child["entries"]!.AsArray().Should().ContainSingle().Subject!;
        inherited["isInherited"]!.GetValue<bool>().Should().BeTrue();
        inherited["inheritedFrom"]!.GetValue<string>().Should().Be("\\");
        explicitOnly["entries"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task SetEntryAccessControl_replaces_the_explicit_ACEs_and_keeps_inheritance_unless_told()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var folder = (await admin.CreateFolderAsync(1, "Set")).Id();
        var users = (await TrusteesAsync(await admin.GetAsync($"{LfRepoApp.V2}/Trustees?search=Users")))[0]["sid"]!.GetValue<string>();

        var first = await admin.SetAclAsync(folder, new
        {
            entries = new object[]
            {
                new { trustee = new { sid = users }, accessControlType = "Deny", rights = new[] { "Delete" }, scope = "ThisEntry" },
                SecurityUsers.Ace("user1", "Allow", ["Browse", "Read"], "All"),
            },
            inheritParents = false,
        });
        var second = await admin.SetAclAsync(folder, new { entries = new[] { SecurityUsers.Ace("user1", "Allow", ["Browse"], "Folders") } });

        first["inheritParents"]!.GetValue<bool>().Should().BeFalse();
        first["entries"]!.AsArray().Select(e => e!["trustee"]!["accountName"]!.GetValue<string>()).Should().Equal("Users", "user1");
        first["entries"]![0]!["accessControlType"]!.GetValue<string>().Should().Be("Deny");
        second["inheritParents"]!.GetValue<bool>().Should().BeFalse();
        second["entries"]!.AsArray().Should().ContainSingle().Which!["scope"]!.GetValue<string>().Should().Be("Folders");
    }

    [Theory]
    [InlineData("""{"entries":[{"trustee":{"accountName":"user1"},"accessControlType":"Allow","rights":["Browse"],"isInherited":true}]}""", "Invalid access control entry.", "isInherited")]
    [InlineData("""{"entries":[{"trustee":{"accountName":"nobody"},"rights":["Browse"]}]}""", "Unknown trustee.", "'nobody'")]
    [InlineData("""{"entries":[{"trustee":{"sid":"S-1-5-21-1-2-3-4"},"rights":["Browse"]}]}""", "Unknown trustee.", "S-1-5-21-1-2-3-4")]
    [InlineData("""{"entries":[{"trustee":{"accountName":"user1"},"rights":["Fly"]}]}""", "Invalid request.", "'Fly' is not a EntryRight")]
    [InlineData("""{"entries":[{"trustee":{"accountName":"user1"},"rights":["Browse"],"scope":"Everywhere"}]}""", "Invalid access control entry.", "scope")]
    [InlineData("""{"entries":[{"rights":["Browse"]}]}""", "Invalid access control entry.", "trustee is required")]
    [InlineData("""{"entries":[{"trustee":{"accountName":"user1"},"accessControlType":"Maybe","rights":["Browse"]}]}""", "Invalid access control entry.", "Maybe")]
    public async Task SetEntryAccessControl_refuses_bad_ACEs_with_400_and_keeps_the_ACL(string body, string title, string detail)
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var folder = (await admin.CreateFolderAsync(1, "Guarded")).Id();
        await admin.SetAclAsync(folder, new { entries = new[] { SecurityUsers.Ace("user1", "Allow", ["Browse"], "All") } });

        var response = await admin.PutAsync($"{LfRepoApp.V2}/Entries/{folder}/AccessControl", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, title);
        problem["detail"]!.GetValue<string>().Should().Contain(detail);
        var after = await (await admin.GetAsync($"{LfRepoApp.V2}/Entries/{folder}/AccessControl?includeInherited=false")).ShouldBeJsonAsync(HttpStatusCode.OK);
        after["entries"]!.AsArray().Should().ContainSingle();
    }

    [Fact]
    public async Task GetEntryRights_reports_effective_and_ACL_only_rights_for_the_caller_or_a_trustee()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var user1 = await app.CreateSignedInClientAsync("user1");

        var own = await (await user1.GetAsync($"{LfRepoApp.V2}/Entries/1/Rights")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var ofUser1 = await (await admin.GetAsync($"{LfRepoApp.V2}/Entries/1/Rights?trusteeName=user1")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var adminRights = await (await admin.GetAsync($"{LfRepoApp.V2}/Entries/1/Rights")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var adminAclOnly = await (await admin.GetAsync($"{LfRepoApp.V2}/Entries/1/Rights?aclOnly=true")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var selected = await (await user1.GetAsync($"{LfRepoApp.V2}/Entries/1/Rights?$select=rights")).ShouldBeJsonAsync(HttpStatusCode.OK);

        Names(own).Should().HaveCount(17).And.Contain("WriteMetadata").And.NotContain("ChangePermissions");
        own["isReadOnly"]!.GetValue<bool>().Should().BeFalse();
        Names(ofUser1).Should().Equal(Names(own));
        Names(adminRights).Should().HaveCount(20).And.Contain("ChangePermissions");
        Names(adminAclOnly).Should().BeEmpty();
        selected.Select(m => m.Key).Should().Equal("rights");
        await (await admin.GetAsync($"{LfRepoApp.V2}/Entries/1/Rights?trusteeId=S-1-5-21-9-9-9-9")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Trustee not found.");
    }

    [Fact]
    public async Task GetSessionRights_and_GetTrusteeSecurity_report_privileges_as_named_booleans()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var user1 = await app.CreateSignedInClientAsync("user1");
        var user1Sid = (await TrusteesAsync(await admin.GetAsync($"{LfRepoApp.V2}/Trustees?search=user1")))[0]["sid"]!.GetValue<string>();

        var adminSession = await (await admin.GetAsync($"{LfRepoApp.V2}/SessionRights")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var userSession = await (await user1.GetAsync($"{LfRepoApp.V2}/SessionRights")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var security = await (await admin.GetAsync($"{LfRepoApp.V2}/Trustees/{user1Sid}/Security")).ShouldBeJsonAsync(HttpStatusCode.OK);

        adminSession["privileges"]!["ManageTrustees"]!.GetValue<bool>().Should().BeTrue();
        userSession["privileges"]!["ManageTrustees"]!.GetValue<bool>().Should().BeFalse();
        userSession["featureRights"]!["Search"]!.GetValue<bool>().Should().BeTrue();
        userSession["isReadOnly"]!.GetValue<bool>().Should().BeFalse();
        security["privileges"]!.AsObject().Select(p => p.Value!.GetValue<bool>()).Should().OnlyContain(granted => !granted);
        security["tags"]!.AsArray().Should().BeEmpty();
        security["auditMasks"]!["success"]!.AsObject().Should().NotBeEmpty();
        await (await admin.GetAsync($"{LfRepoApp.V2}/Trustees/S-1-5-21-9-9-9-9/Security")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Trustee not found.");
    }

    [Fact]
    public async Task Field_and_template_ACLs_are_set_read_and_give_rights()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var user1 = await app.CreateSignedInClientAsync("user1");

        var open = await (await user1.GetAsync($"{LfRepoApp.V2}/FieldDefinitions/1/Rights")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var set = await (await admin.PutAsJsonAsync($"{LfRepoApp.V2}/FieldDefinitions/1/AccessControl", new
        {
            entries = new[] { new { trustee = new { accountName = "Users" }, accessControlType = "Allow", rights = new[] { "ReadValue" } } },
        })).ShouldBeJsonAsync(HttpStatusCode.OK);
        var read = await (await admin.GetAsync($"{LfRepoApp.V2}/FieldDefinitions/1/AccessControl")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var narrowed = await (await user1.GetAsync($"{LfRepoApp.V2}/FieldDefinitions/1/Rights")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var template = await (await admin.PutAsJsonAsync($"{LfRepoApp.V2}/TemplateDefinitions/1/AccessControl", new
        {
            entries = new[] { new { trustee = new { accountName = "user1" }, accessControlType = "Deny", rights = new[] { "Modify" } } },
        })).ShouldBeJsonAsync(HttpStatusCode.OK);
        var templateRights = await (await admin.GetAsync($"{LfRepoApp.V2}/TemplateDefinitions/1/Rights?trusteeName=user1")).ShouldBeJsonAsync(HttpStatusCode.OK);

        Names(open).Should().Equal("ReadValue", "SetValue", "SetValueOnce", "ReadPermissions");
        set["entries"]!.AsArray().Should().ContainSingle().Which!["rights"]!.AsArray().Select(r => r!.GetValue<string>()).Should().Equal("ReadValue");
        read.ToJsonString().Should().Be(set.ToJsonString());
        Names(narrowed).Should().Equal("ReadValue");
        template["entries"]![0]!["accessControlType"]!.GetValue<string>().Should().Be("Deny");
        Names(templateRights).Should().BeEmpty();
        await (await user1.GetAsync($"{LfRepoApp.V2}/FieldDefinitions/1/AccessControl")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "Access denied.");
        await (await admin.GetAsync($"{LfRepoApp.V2}/FieldDefinitions/999/AccessControl")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var missingType = await admin.PutAsJsonAsync($"{LfRepoApp.V2}/FieldDefinitions/1/AccessControl", new { entries = new[] { new { trustee = new { accountName = "Users" }, rights = new[] { "ReadValue" } } } });
        (await missingType.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>().Should().Contain("accessControlType is required");
    }

    [Fact]
    public async Task Default_field_and_template_ACLs_are_replaced_whole_by_a_privileged_user_only()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var user1 = await app.CreateSignedInClientAsync("user1");
        var body = new { entries = new[] { new { trustee = new { accountName = "Everyone" }, accessControlType = "Allow", rights = new[] { "ReadDefinition" } } } };

        var empty = await (await admin.GetAsync($"{LfRepoApp.V2}/TemplateDefinitions/DefaultAccessControl")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var set = await (await admin.PutAsJsonAsync($"{LfRepoApp.V2}/TemplateDefinitions/DefaultAccessControl", body)).ShouldBeJsonAsync(HttpStatusCode.OK);
        var fields = await (await admin.PutAsJsonAsync($"{LfRepoApp.V2}/FieldDefinitions/DefaultAccessControl", new { entries = Array.Empty<object>() })).ShouldBeJsonAsync(HttpStatusCode.OK);

        empty["entries"]!.AsArray().Should().BeEmpty();
        set["entries"]![0]!["trustee"]!["sid"]!.GetValue<string>().Should().Be("S-1-1-0");
        (await (await user1.GetAsync($"{LfRepoApp.V2}/TemplateDefinitions/DefaultAccessControl")).ShouldBeJsonAsync(HttpStatusCode.OK))
            .ToJsonString().Should().Be(set.ToJsonString());
        fields["entries"]!.AsArray().Should().BeEmpty();
        await (await user1.PutAsJsonAsync($"{LfRepoApp.V2}/FieldDefinitions/DefaultAccessControl", body)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    private static List<string> Names(JsonObject rights) => [.. rights["rights"]!.AsArray().Select(r => r!.GetValue<string>())];

    private static async Task<List<JsonObject>> TrusteesAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        return [.. JsonNode.Parse(text)!.AsArray().Select(n => n!.AsObject())];
    }
}
