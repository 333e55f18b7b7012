using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Tests.Infrastructure;
using LfRepo.Server.Tests.Search;

namespace LfRepo.Server.Tests.Metadata;

[Trait("Engine", "Both")]
public sealed class TemplateAdministrationTests
{
    private const string Templates = LfRepoApp.V2 + "/TemplateDefinitions";

    [Fact]
    public async Task CreateTemplate_makes_a_template_with_its_color_and_initial_fields_that_entries_can_take()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var created = await client.CreateTemplateAsync(new
        {
            name = "Contract", description = "A contract.", isAutoAssignable = true, color = new { a = 255, r = 100, g = 50, b = 25 },
            fields = new object[] { new { fieldName = "Text", isRequired = true, localDescription = "The title" }, new { fieldName = "amount" } },
        });

        created.Select(p => p.Key).Should().Equal("id", "name", "displayName", "description", "color", "fieldCount", "isAutoAssignable");
        created.Str("name").Should().Be("Contract");
        created["color"]!.ToJsonString().Should().Be("""{"a":255,"r":100,"g":50,"b":25}""");
        created["fieldCount"]!.GetValue<int>().Should().Be(2);
        created["isAutoAssignable"]!.GetValue<bool>().Should().BeTrue();
        var fields = await client.ValuesAsync($"{Templates}/{created.Id()}/FieldDefinitions");
        fields.Select(f => f.Str("name")).Should().Equal("Text", "Amount");
        fields[0]["isRequired"]!.GetValue<bool>().Should().BeTrue();
        fields[0].Str("localDescription").Should().Be("The title");
        fields[1]["isRequired"]!.GetValue<bool>().Should().BeFalse();
        fields[1]["localDescription"].Should().BeNull();
        (await client.GetJsonAsync(LfRepoApp.V2 + "/FieldDefinitions/1"))["isRequired"]!.GetValue<bool>().Should().BeFalse("per-template properties leave the field alone");

        var folder = await client.CreateFolderAsync(1, "F");
        var refused = await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Template", new { templateName = "Contract" });
        (await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Required field has no value.")).Str("detail").Should().Contain("'Text' of template 'Contract'");
        var assigned = await (await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Template",
            new { templateName = "contract", fields = new[] { new { name = "Text", values = new[] { "Lease" } } } })).ShouldBeJsonAsync(HttpStatusCode.OK);
        assigned.Str("templateName").Should().Be("Contract");
        (await client.GetJsonAsync($"{Templates}/{created.Id()}/AssignedEntryCount"))["count"]!.GetValue<int>().Should().Be(1);
        (await client.SearchNamesAsync("{[Contract]}")).Should().Equal("F");
    }

    [Theory]
    [InlineData("""{"description":"no name"}""", 400, "name is required")]
    [InlineData("""{"name":"invoice"}""", 409, "A template named 'Invoice' already exists")]
    [InlineData("""{"name":"T","fields":[{"fieldName":"Nope"}]}""", 400, "The field 'Nope' does not exist.")]
    [InlineData("""{"name":"T","fields":[{"fieldName":"Text"},{"fieldName":"TEXT"}]}""", 400, "fields names 'Text' more than once.")]
    [InlineData("""{"name":"T","color":{"a":256,"r":0,"g":0,"b":0}}""", 400, "color")]
    public async Task CreateTemplate_refuses_a_bad_template_and_leaves_nothing_behind(string body, int status, string detail)
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var response = await client.PostAsync(Templates, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        (await response.ShouldBeProblemAsync((HttpStatusCode)status)).Str("detail").Should().Contain(detail);
        (await client.ValuesAsync(Templates)).Select(t => t.Str("name")).Should().Equal("General", "Invoice", "Address");
    }

    [Fact]
    public async Task UpdateTemplate_renames_everywhere_and_sets_or_clears_the_color()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "F");
        await (await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Template", new { templateName = "General" })).ShouldBeJsonAsync(HttpStatusCode.OK);

        var renamed = await (await client.PatchJsonAsync($"{Templates}/1", new { name = "Everyday", color = new { a = 255, r = 1, g = 2, b = 3 } })).ShouldBeJsonAsync(HttpStatusCode.OK);

        renamed.Str("name").Should().Be("Everyday");
        renamed.Str("description").Should().Be("Only optional fields.");
        renamed["color"]!["b"]!.GetValue<int>().Should().Be(3);
        (await client.GetEntryAsync(folder.Id())).Str("templateName").Should().Be("Everyday");
        (await client.SearchNamesAsync("{[Everyday]}")).Should().Equal("F");
        (await client.GetJsonAsync($"{Templates}?templateName=everyday"))["value"]!.AsArray().Should().ContainSingle();

        var cleared = await (await client.PatchJsonAsync($"{Templates}/1", new { clearColor = true, description = "" })).ShouldBeJsonAsync(HttpStatusCode.OK);
        cleared["color"].Should().BeNull();
        cleared.Str("description").Should().Be("");

        (await (await client.PatchJsonAsync($"{Templates}/1", new { clearColor = true, color = new { a = 1, r = 1, g = 1, b = 1 } })).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Str("detail").Should().Contain("color and clearColor=true contradict each other");
        await (await client.PatchJsonAsync($"{Templates}/1", new { name = "INVOICE" })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "Template name conflicts.");
        await (await client.PatchJsonAsync($"{Templates}/1", new { name = "" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PatchJsonAsync($"{Templates}/99", new { name = "X" })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Template not found.");
    }

    [Fact]
    public async Task DeleteTemplate_refuses_while_entries_have_it_and_then_deletes_it()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "F");
        await (await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Template",
            new { templateName = "General", fields = new[] { new { name = "Text", values = new[] { "kept" } } } })).ShouldBeJsonAsync(HttpStatusCode.OK);

        var refused = await client.DeleteAsync($"{Templates}/1");
        (await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "The template is assigned to entries.")).Str("detail")
            .Should().Be("The template 'General' is assigned to 1 entries; remove it from them (RemoveTemplate) before deleting it.");

        (await client.DeleteAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Template")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.DeleteAsync($"{Templates}/1")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        await (await client.GetAsync($"{Templates}/1")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Template not found.");
        (await client.FieldValuesAsync(folder.Id(), "Text")).Should().Equal("kept");
        await (await client.DeleteAsync($"{Templates}/1")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Template_fields_are_added_moved_and_removed_at_1_based_positions()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var id = (await client.CreateTemplateAsync(new { name = "T" })).Id();

        foreach (var name in new[] { "Text", "Comment", "Amount" })
        {
            (await client.PostAsJsonAsync($"{Templates}/{id}/Fields", new { fieldName = name })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        }
        (await client.PostAsJsonAsync($"{Templates}/{id}/Fields", new { fieldName = "Status", position = 1, isRequired = true })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await client.TemplateFieldNamesAsync(id)).Should().Equal("Status", "Text", "Comment", "Amount");

        (await client.PostAsJsonAsync($"{Templates}/{id}/Fields/Move", new { fieldName = "status", newPosition = 4 })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await client.TemplateFieldNamesAsync(id)).Should().Equal("Text", "Comment", "Amount", "Status");

        (await client.DeleteAsync($"{Templates}/{id}/Fields/Comment")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await client.TemplateFieldNamesAsync(id)).Should().Equal("Text", "Amount", "Status");
        (await client.GetJsonAsync($"{Templates}/{id}"))["fieldCount"]!.GetValue<int>().Should().Be(3);
        (await client.ValuesAsync($"{Templates}/{id}/FieldDefinitions")).Last()["isRequired"]!.GetValue<bool>().Should().BeTrue();

        async Task<string> Refused(HttpResponseMessage response) => (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Str("detail");
        (await Refused(await client.PostAsJsonAsync($"{Templates}/{id}/Fields", new { fieldName = "Text" }))).Should().Be("The field 'Text' is already part of template 'T'.");
        (await Refused(await client.PostAsJsonAsync($"{Templates}/{id}/Fields", new { fieldName = "Quantity", position = 5 })))
            .Should().Be("position must be between 1 and 4 (the template has 3 fields); 5 was given.");
        (await Refused(await client.PostAsJsonAsync($"{Templates}/{id}/Fields", new { fieldName = "Nope" }))).Should().Be("The field 'Nope' does not exist.");
        (await Refused(await client.PostAsJsonAsync($"{Templates}/{id}/Fields/Move", new { fieldName = "Text", newPosition = 4 })))
            .Should().Be("newPosition must be between 1 and 3 (the template's field count); 4 was given.");
        (await Refused(await client.PostAsJsonAsync($"{Templates}/{id}/Fields/Move", new { fieldName = "Comment", newPosition = 1 })))
            .Should().Be("The field 'Comment' is not part of template 'T'.");
        (await Refused(await client.DeleteAsync($"{Templates}/{id}/Fields/Comment"))).Should().Be("The field 'Comment' is not part of template 'T'.");
        await (await client.PostAsJsonAsync($"{Templates}/99/Fields", new { fieldName = "Text" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await client.TemplateFieldNamesAsync(id)).Should().Equal("Text", "Amount", "Status");
    }

    [Fact]
    public async Task RemoveTemplateField_leaves_the_values_of_entries_and_drops_the_dynamic_logic_that_depended_on_it()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "F");
        await (await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Template", new
        {
            templateName = "Address", fields = new[] { new { name = "Country", values = new[] { "Canada" } }, new { name = "City", values = new[] { "Toronto" } } },
        })).ShouldBeJsonAsync(HttpStatusCode.OK);

        (await client.DeleteAsync($"{Templates}/3/Fields/{Uri.EscapeDataString("Country")}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var fields = await client.ValuesAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Fields");
        fields.Select(f => f.Str("name")).Should().Equal("City", "Country");
        fields[1]["values"].Strings().Should().Equal("Canada");
        (await client.ValuesAsync($"{Templates}/3/FieldDefinitions")).Single()["rule"].Should().BeNull();
        (await client.GetEntryAsync(folder.Id()))["templateFieldNames"].Strings().Should().Equal("City");
    }

    [Fact]
    public async Task UpdateTemplateFieldProperties_sets_required_and_the_local_description_for_that_template_only()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        (await client.PatchJsonAsync($"{Templates}/1/Fields/Comment", new { isRequired = true, localDescription = "Say why" })).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var comment = (await client.ValuesAsync($"{Templates}/1/FieldDefinitions")).Single(f => f.Str("name") == "Comment");
        comment["isRequired"]!.GetValue<bool>().Should().BeTrue();
        comment.Str("localDescription").Should().Be("Say why");
        comment.Str("description").Should().Be("A free comment.");
        var folder = await client.CreateFolderAsync(1, "F");
        await (await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Template", new { templateName = "General" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Required field has no value.");

        (await client.PatchJsonAsync($"{Templates}/1/Fields/Comment", new { localDescription = "" })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        comment = (await client.ValuesAsync($"{Templates}/1/FieldDefinitions")).Single(f => f.Str("name") == "Comment");
        comment["localDescription"].Should().BeNull();
        comment["isRequired"]!.GetValue<bool>().Should().BeTrue("null leaves isRequired as it was");

        await (await client.PatchJsonAsync($"{Templates}/1/Fields/Amount", new { isRequired = true })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid template field.");
        await (await client.PatchJsonAsync($"{Templates}/99/Fields/Comment", new { isRequired = true })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Template_properties_round_trip_and_counts_start_at_zero()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var id = (await client.CreateTemplateAsync(new { name = "T" })).Id();

        (await client.GetJsonAsync($"{Templates}/{id}/Properties"))["properties"]!.AsObject().Should().BeEmpty();
        await (await client.PatchJsonAsync($"{Templates}/{id}/Properties", new { set = new Dictionary<string, string> { ["one"] = "1", ["two"] = "2" } })).ShouldBeJsonAsync(HttpStatusCode.OK);
        var after = await (await client.PatchJsonAsync($"{Templates}/{id}/Properties", new { set = new Dictionary<string, string> { ["two"] = "II" }, remove = new[] { "one" } }))
            .ShouldBeJsonAsync(HttpStatusCode.OK);
        after["properties"]!.ToJsonString().Should().Be("""{"two":"II"}""");
        (await client.GetJsonAsync($"{Templates}/{id}/Properties"))["properties"]!.ToJsonString().Should().Be("""{"two":"II"}""");
        await (await client.PatchJsonAsync($"{Templates}/{id}/Properties", new { remove = new[] { "" } })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid custom properties.");

        (await client.GetJsonAsync($"{Templates}/{id}/AssignedEntryCount"))["count"]!.GetValue<int>().Should().Be(0);
        await (await client.GetAsync($"{Templates}/99/AssignedEntryCount")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync($"{Templates}/99/Properties")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
