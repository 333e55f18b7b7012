using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LfRepo.Server.Tests.Emulator;
using LfRepo.Server.Tests.Infrastructure;
using LfRepo.Server.Tests.Metadata;

namespace LfRepo.Server.Tests.Security;

/// <summary>
/// Definition administration under field and template rights, the default ACLs new definitions take, and the
/// privileges: as admin, as user1, as a user in a denied group, and as users the control plane gives privileges.
/// </summary>
[Trait("Engine", "Both")]
public sealed class DefinitionRightsTests
{
    [Fact]
    public async Task New_field_and_template_definitions_take_the_default_ACLs_and_older_ones_keep_theirs()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var before = (await admin.CreateFieldAsync(new { name = "Before", fieldType = "String", length = 20 })).Id();
        await Ok(admin.PutAsJsonAsync($"{LfRepoApp.V2}/FieldDefinitions/DefaultAccessControl", new
        {
            entries = new object[]
            {
                Ace("Everyone", "Allow", "ReadValue", "SetValue"),
                Ace("Users", "Deny", "ReadValue"),
            },
        }));
        await Ok(admin.PutAsJsonAsync($"{LfRepoApp.V2}/TemplateDefinitions/DefaultAccessControl", new
        {
            entries = new object[] { Ace("user1", "Allow", "ReadDefinition", "Modify") },
        }));

        var field = (await admin.CreateFieldAsync(new { name = "Secret", fieldType = "String", length = 20 })).Id();
        var template = (await admin.CreateTemplateAsync(new { name = "Private" })).Id();
        var user1 = await app.CreateSignedInClientAsync("user1");
        var temp1 = await app.CreateDeniedUserAsync(admin, (await admin.CreateFolderAsync(1, "Closed")).Id());

        var fieldAcl = await Ok(admin.GetAsync($"{LfRepoApp.V2}/FieldDefinitions/{field}/AccessControl"));
        var templateAcl = await Ok(admin.GetAsync($"{LfRepoApp.V2}/TemplateDefinitions/{template}/AccessControl"));
        fieldAcl["entries"]!.AsArray().Select(e => (e!["trustee"]!["accountName"]!.GetValue<string>(), e["accessControlType"]!.GetValue<string>()))
            .Should().Equal(("Everyone", "Allow"), ("Users", "Deny"));
        templateAcl["entries"]!.AsArray().Should().ContainSingle().Which!["rights"]!.AsArray().Select(r => r!.GetValue<string>()).Should().Equal("ReadDefinition", "Modify");
        (await Ok(admin.GetAsync($"{LfRepoApp.V2}/FieldDefinitions/{before}/AccessControl")))["entries"]!.AsArray().Should().BeEmpty();
        Names(await Ok(user1.GetAsync($"{LfRepoApp.V2}/FieldDefinitions/{field}/Rights"))).Should().Equal("SetValue");
        Names(await Ok(user1.GetAsync($"{LfRepoApp.V2}/TemplateDefinitions/{template}/Rights"))).Should().Equal("ReadDefinition", "Modify");
        Names(await Ok(temp1.GetAsync($"{LfRepoApp.V2}/TemplateDefinitions/{template}/Rights"))).Should().BeEmpty();
        Names(await Ok(admin.GetAsync($"{LfRepoApp.V2}/FieldDefinitions/{field}/Rights"))).Should().HaveCount(8);
        await (await user1.PatchJsonAsync($"{LfRepoApp.V2}/TemplateDefinitions/{template}", new { description = "mine now" })).ShouldBeJsonAsync(HttpStatusCode.OK);
        await (await temp1.PatchJsonAsync($"{LfRepoApp.V2}/TemplateDefinitions/{template}", new { description = "no" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Changing_and_deleting_definitions_need_the_definition_rights_and_creating_needs_ManageTemplates()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var field = (await admin.CreateFieldAsync(new { name = "Editable", fieldType = "String", length = 20 })).Id();
        var template = (await admin.CreateTemplateAsync(new { name = "Shared" })).Id();
        var user1 = await app.CreateSignedInClientAsync("user1");
        var temp1 = await app.CreateDeniedUserAsync(admin, (await admin.CreateFolderAsync(1, "Closed")).Id());

        var create = await user1.PostAsJsonAsync($"{LfRepoApp.V2}/FieldDefinitions", new { name = "Mine", fieldType = "String" });
        var createTemplate = await user1.PostAsJsonAsync($"{LfRepoApp.V2}/TemplateDefinitions", new { name = "Mine" });
        var patchOpen = await user1.PatchJsonAsync($"{LfRepoApp.V2}/FieldDefinitions/{field}", new { description = "x" });
        (await create.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "Access denied.")).Str("detail")
            .Should().Be("User 'user1' lacks the ManageTemplates privilege CreateFieldDefinition needs.");
        await createTemplate.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await patchOpen.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Str("detail").Should().Be($"User 'user1' lacks the ModifyDefinition right on field {field}.");

        await Ok(admin.PutAsJsonAsync($"{LfRepoApp.V2}/FieldDefinitions/{field}/AccessControl", new
        {
            entries = new object[] { Ace("Users", "Allow", "ReadValue", "ModifyDefinition") },
        }));
        await Ok(admin.PutAsJsonAsync($"{LfRepoApp.V2}/TemplateDefinitions/{template}/AccessControl", new
        {
            entries = new object[] { Ace("Users", "Allow", "ReadDefinition", "Modify", "Delete"), Ace("Contractors", "Deny", "Delete") },
        }));

        var patched = await (await user1.PatchJsonAsync($"{LfRepoApp.V2}/FieldDefinitions/{field}", new { description = "changed by user1" })).ShouldBeJsonAsync(HttpStatusCode.OK);
        var deleteField = await user1.DeleteAsync($"{LfRepoApp.V2}/FieldDefinitions/{field}");
        var tempDelete = await temp1.DeleteAsync($"{LfRepoApp.V2}/TemplateDefinitions/{template}");
        var tempPatch = await temp1.PatchJsonAsync($"{LfRepoApp.V2}/TemplateDefinitions/{template}", new { description = "by temp1" });
        var deleteTemplate = await user1.DeleteAsync($"{LfRepoApp.V2}/TemplateDefinitions/{template}");

        patched.Str("description").Should().Be("changed by user1");
        (await deleteField.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Str("detail").Should().Be($"User 'user1' lacks the Delete right on field {field}.");
        (await tempDelete.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Str("detail").Should().Be($"User 'temp1' lacks the Delete right on template {template}.");
        await tempPatch.ShouldBeJsonAsync(HttpStatusCode.OK);
        deleteTemplate.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await admin.DeleteAsync($"{LfRepoApp.V2}/FieldDefinitions/{field}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await admin.GetAsync($"{LfRepoApp.V2}/TemplateDefinitions/{template}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await user1.PatchJsonAsync($"{LfRepoApp.V2}/FieldDefinitions/99999", new { description = "x" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Privileges_the_control_plane_gives_are_enforced()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        await CreateUserAsync(admin, "designer", ["Manage Templates"]);
        await CreateUserAsync(admin, "auditor", ["ManageTrustees"]);
        await CreateUserAsync(admin, "gatekeeper", ["ManageEntryAccess"]);
        var locked = (await admin.CreateFieldAsync(new { name = "Locked", fieldType = "String", length = 20 })).Id();
        await Ok(admin.PutAsJsonAsync($"{LfRepoApp.V2}/FieldDefinitions/{locked}/AccessControl", new
        {
            entries = new object[] { Ace("Users", "Deny", "ModifyDefinition", "Delete") },
        }));
        var folder = (await admin.CreateFolderAsync(1, "Guarded")).Id();
        var user1Sid = await SidAsync(admin, "user1");
        var adminSid = await SidAsync(admin, "admin");
        var designer = await app.CreateSignedInClientAsync("designer", "pw");
        var auditor = await app.CreateSignedInClientAsync("auditor", "pw");
        var gatekeeper = await app.CreateSignedInClientAsync("gatekeeper", "pw");
        var user1 = await app.CreateSignedInClientAsync("user1");

        (await designer.CreateFieldAsync(new { name = "Designed", fieldType = "String", length = 20 })).Str("name").Should().Be("Designed");
        await (await designer.PatchJsonAsync($"{LfRepoApp.V2}/FieldDefinitions/{locked}", new { description = "overlay" })).ShouldBeJsonAsync(HttpStatusCode.OK);
        Names(await Ok(designer.GetAsync($"{LfRepoApp.V2}/FieldDefinitions/{locked}/Rights"))).Should().HaveCount(8);
        Names(await Ok(designer.GetAsync($"{LfRepoApp.V2}/FieldDefinitions/{locked}/Rights?aclOnly=true"))).Should().BeEmpty();
        await Ok(designer.PutAsJsonAsync($"{LfRepoApp.V2}/FieldDefinitions/DefaultAccessControl", new { entries = Array.Empty<object>() }));
        await (await auditor.PostAsJsonAsync($"{LfRepoApp.V2}/FieldDefinitions", new { name = "No", fieldType = "String" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        await Ok(auditor.GetAsync($"{LfRepoApp.V2}/Trustees/{user1Sid}/Security"));
        await Ok(auditor.GetAsync($"{LfRepoApp.V2}/Entries/{folder}/Rights?trusteeName=user1"));
        await Ok(user1.GetAsync($"{LfRepoApp.V2}/Trustees/{user1Sid}/Security"));
        (await (await user1.GetAsync($"{LfRepoApp.V2}/Trustees/{adminSid}/Security")).ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Str("detail")
            .Should().Be("User 'user1' lacks the ManageTrustees privilege needed to read the security of 'admin'.");
        await (await user1.GetAsync($"{LfRepoApp.V2}/Entries/{folder}/Rights?trusteeName=admin")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await user1.GetAsync($"{LfRepoApp.V2}/FieldDefinitions/{locked}/Rights?trusteeName=admin")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        var acl = new { entries = new[] { SecurityUsers.Ace("user1", "Allow", ["Browse", "Read"], "All") } };
        (await (await user1.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder}/AccessControl", acl)).ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Str("detail")
            .Should().Contain("ChangePermissions");
        await gatekeeper.SetAclAsync(folder, acl);
        Names(await Ok(gatekeeper.GetAsync($"{LfRepoApp.V2}/Entries/{folder}/Rights"))).Should().Contain(["ReadPermissions", "ChangePermissions"]);
        Names(await Ok(gatekeeper.GetAsync($"{LfRepoApp.V2}/Entries/{folder}/Rights?aclOnly=true"))).Should().NotContain("ChangePermissions");
        var session = await Ok(gatekeeper.GetAsync($"{LfRepoApp.V2}/SessionRights"));
        session["privileges"]!["ManageEntryAccess"]!.GetValue<bool>().Should().BeTrue();
        session["privileges"]!["ManageTemplates"]!.GetValue<bool>().Should().BeFalse();
        await (await admin.PostAsJsonAsync(ControlPlane.Root + "/users", new { name = "typo", password = "pw", privileges = new[] { "ManageEverything" } }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    private static async Task CreateUserAsync(HttpClient admin, string name, string[] privileges)
    {
        var created = await (await admin.PostAsJsonAsync(ControlPlane.Root + "/users", new { name, password = "pw", groups = new[] { "Users" }, privileges }))
            .ShouldBeJsonAsync(HttpStatusCode.Created);
        created["privileges"]!.AsArray().Select(p => p!.GetValue<string>()).Should().Equal(privileges.Select(p => p.Replace(" ", "", StringComparison.Ordinal)));
    }

    private static async Task<string> SidAsync(HttpClient admin, string name)
    {
        var response = await admin.GetAsync($"{LfRepoApp.V2}/Trustees?search={name}&type=User");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var found = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        return found.Single(t => t!["accountName"]!.GetValue<string>() == name)!["sid"]!.GetValue<string>();
    }

    private static object Ace(string accountName, string type, params string[] rights) =>
        new { trustee = new { accountName }, accessControlType = type, rights };

    private static List<string> Names(JsonObject rights) => [.. rights["rights"]!.AsArray().Select(r => r!.GetValue<string>())];

    private static async Task<JsonObject> Ok(Task<HttpResponseMessage> call) => await (await call).ShouldBeJsonAsync(HttpStatusCode.OK);
}
