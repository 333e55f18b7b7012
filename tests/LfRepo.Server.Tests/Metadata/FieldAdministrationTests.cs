using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LfRepo.Server.Tests.Infrastructure;
using LfRepo.Server.Tests.Search;

namespace LfRepo.Server.Tests.Metadata;

[Trait("Engine", "Both")]
public sealed class FieldAdministrationTests
{
    private const string Fields = LfRepoApp.V2 + "/FieldDefinitions";

    [Theory]
    [InlineData("String", 40, 40)]
    [InlineData("String", null, 255)]
    [InlineData("List", 25, 25)]
    [InlineData("Number", null, 0)]
    [InlineData("ShortInteger", null, 0)]
    [InlineData("LongInteger", null, 0)]
    [InlineData("Date", null, 0)]
    [InlineData("DateTime", null, 0)]
    [InlineData("Time", null, 0)]
    [InlineData("Blob", null, 0)]
    public async Task CreateFieldDefinition_makes_a_field_of_every_type_that_every_reader_sees(string type, int? length, int storedLength)
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var created = await client.CreateFieldAsync(new { name = "New " + type, fieldType = type, length, description = "made here", isIndexed = true, autoExtract = true });

        created.Str("name").Should().Be("New " + type);
        created.Str("displayName").Should().Be("New " + type);
        created.Str("fieldType").Should().Be(type);
        created["length"]!.GetValue<int>().Should().Be(storedLength);
        created.Str("description").Should().Be("made here");
        created["isIndexed"]!.GetValue<bool>().Should().BeTrue();
        created["autoExtract"]!.GetValue<bool>().Should().BeTrue();
        created["warnIfBlank"]!.GetValue<bool>().Should().BeFalse();
        created["isMultiValue"]!.GetValue<bool>().Should().BeFalse();
        created.Str("format").Should().Be("None");
        var id = created.Id();
        id.Should().BeGreaterThan(16, "the seed's fields come first");

        (await client.GetJsonAsync($"{Fields}/{id}")).Str("fieldType").Should().Be(type);
        (await client.ValuesAsync(Fields)).Select(f => f.Str("name")).Should().Contain("New " + type);
        (await client.GetJsonAsync($"{LfRepoApp.Base}/v1/Repositories/{LfRepoApp.RepositoryId}/FieldDefinitions/{id}")).Str("name").Should().Be("New " + type);
    }

    [Fact]
    public async Task CreateFieldDefinition_keeps_format_default_constraint_list_values_flags_and_properties()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var code = await client.CreateFieldAsync(new
        {
            name = "Code", fieldType = "String", length = 10, defaultValue = "AB-1", constraint = "[A-Z]{2}-[0-9]+",
            constraintError = "Looks like AB-1.", isRequired = true, isMultiValue = true, warnIfBlank = true, isIndexedForReporting = true,
            properties = new Dictionary<string, string> { ["com.acme.id"] = "7" },
        });
        code.Str("defaultValue").Should().Be("AB-1");
        code.Str("constraint").Should().Be("[A-Z]{2}-[0-9]+");
        code.Str("constraintError").Should().Be("Looks like AB-1.");
        code["isRequired"]!.GetValue<bool>().Should().BeTrue();
        code["isMultiValue"]!.GetValue<bool>().Should().BeTrue();
        code["warnIfBlank"]!.GetValue<bool>().Should().BeTrue();
        code["isIndexedForReporting"]!.GetValue<bool>().Should().BeTrue();
        (await client.GetJsonAsync($"{Fields}/{code.Id()}/Properties"))["properties"]!["com.acme.id"]!.GetValue<string>().Should().Be("7");

        var price = await client.CreateFieldAsync(new { name = "Price", fieldType = "Number", format = "Currency", currency = "EUR", defaultValue = "1.50" });
        price.Str("format").Should().Be("Currency");
        price.Str("currency").Should().Be("EUR");
        price.Str("defaultValue").Should().Be("1.50");

        var color = await client.CreateFieldAsync(new { name = "Color", fieldType = "List", listValues = new[] { "Red", "Green" }, defaultValue = "green" });
        color["listValues"].Strings().Should().Equal("Red", "Green");
        color.Str("defaultValue").Should().Be("Green", "a default is stored in its canonical form");
    }

    [Theory]
    [InlineData("""{"fieldType":"String"}""", "name is required")]
    [InlineData("""{"name":"  ","fieldType":"String"}""", "name is required")]
    [InlineData("""{"name":"X"}""", "fieldType is required")]
    [InlineData("""{"name":"X","fieldType":"Colour"}""", "fieldType")]
    [InlineData("""{"name":"X","fieldType":"String","length":0}""", "length must be between 1 and 4000; 0 was given")]
    [InlineData("""{"name":"X","fieldType":"String","length":4001}""", "length must be between 1 and 4000")]
    [InlineData("""{"name":"X","fieldType":"Number","length":10}""", "length applies to String and List fields only, not to Number")]
    [InlineData("""{"name":"X","fieldType":"String","listValues":["A"]}""", "listValues apply to List fields only, not to String")]
    [InlineData("""{"name":"X","fieldType":"List","listValues":["A","a"]}""", "The list value 'a' is given more than once")]
    [InlineData("""{"name":"X","fieldType":"List","listValues":["A",""]}""", "A list value is empty")]
    [InlineData("""{"name":"X","fieldType":"List","length":3,"listValues":["Long"]}""", "the field holds at most 3")]
    [InlineData("""{"name":"X","fieldType":"String","format":"ShortDate"}""", "The format ShortDate does not apply to a String field")]
    [InlineData("""{"name":"X","fieldType":"String","constraint":"[a-"}""", "The constraint '[a-' is not a regular expression")]
    [InlineData("""{"name":"X","fieldType":"ShortInteger","defaultValue":"1.5"}""", "defaultValue: Field 'X': '1.5' is not a valid 32-bit integer")]
    [InlineData("""{"name":"X","fieldType":"String","constraint":"[0-9]+","constraintError":"Digits only.","defaultValue":"abc"}""", "Digits only.")]
    [InlineData("""{"name":"X","fieldType":"List","listValues":["A"],"defaultValue":"B"}""", "'B' is not a valid value of the list (A)")]
    [InlineData("""{"name":"X","fieldType":"String","properties":{"":"v"}}""", "A property key is empty")]
    public async Task CreateFieldDefinition_refuses_a_bad_definition_with_400_saying_what_is_wrong(string body, string detail)
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var response = await client.PostAsync(Fields, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Str("detail").Should().Contain(detail);
        (await client.ValuesAsync(Fields)).Should().HaveCount(16, "nothing was created");
    }

    [Fact]
    public async Task A_name_another_field_has_ignoring_case_is_a_400_on_create_update_and_merge()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var mine = await client.CreateFieldAsync(new { name = "Mine", fieldType = "String" });

        var create = await client.PostAsJsonAsync(Fields, new { name = "comment", fieldType = "String" });
        (await create.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Field name conflicts.")).Str("detail").Should().Contain("'Comment' already exists");

        await (await client.PatchJsonAsync($"{Fields}/{mine.Id()}", new { name = "TEXT" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Field name conflicts.");
        (await client.GetJsonAsync($"{Fields}/{mine.Id()}")).Str("name").Should().Be("Mine");
        (await (await client.PatchJsonAsync($"{Fields}/{mine.Id()}", new { name = "MINE" })).ShouldBeJsonAsync(HttpStatusCode.OK)).Str("name").Should().Be("MINE",
            "a field may change the case of its own name");
    }

    [Fact]
    public async Task UpdateFieldDefinition_changes_only_what_is_given_and_empty_clears()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var field = await client.CreateFieldAsync(new { name = "Note", fieldType = "String", length = 30, description = "old", constraint = "[a-z]+", isIndexed = true });

        var updated = await (await client.PatchJsonAsync($"{Fields}/{field.Id()}", new { description = "new", constraint = "", isRequired = true, length = 50 }))
            .ShouldBeJsonAsync(HttpStatusCode.OK);

        updated.Str("description").Should().Be("new");
        updated.Str("constraint").Should().Be("");
        updated["isRequired"]!.GetValue<bool>().Should().BeTrue();
        updated["length"]!.GetValue<int>().Should().Be(50);
        updated.Str("name").Should().Be("Note");
        updated["isIndexed"]!.GetValue<bool>().Should().BeTrue();
        (await client.GetJsonAsync($"{Fields}/{field.Id()}")).Str("description").Should().Be("new");
    }

    [Fact]
    public async Task UpdateFieldDefinition_refuses_what_the_values_entries_hold_cannot_take()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "F");
        await client.SetValuesAsync(folder.Id(), ("Comment", ["a rather long comment"]), ("Keywords", ["one", "two"]));

        var shorter = await client.PatchJsonAsync($"{Fields}/2", new { length = 5 });
        (await shorter.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid field definition.")).Str("detail")
            .Should().Be("1 entries hold values of 'Comment' longer than 5 characters; shorten them before the field.");
        var single = await client.PatchJsonAsync($"{Fields}/10", new { isMultiValue = false });
        (await single.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Str("detail").Should().Contain("hold several values of 'Keywords'");
        await (await client.PatchJsonAsync($"{Fields}/3", new { format = "LongTime" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid field definition.");
        await (await client.PatchJsonAsync($"{Fields}/99", new { description = "x" })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Field definition not found.");

        (await client.GetJsonAsync($"{Fields}/2"))["length"]!.GetValue<int>().Should().Be(255);
        (await client.FieldValuesAsync(folder.Id(), "Keywords")).Should().Equal("one", "two");
    }

    [Fact]
    public async Task A_changed_definition_is_what_SetFields_validates_against_at_once()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "F");
        var field = await client.CreateFieldAsync(new { name = "Ref", fieldType = "String", length = 20 });

        await client.SetValuesAsync(folder.Id(), ("Ref", ["abc"]));
        await (await client.PatchJsonAsync($"{Fields}/{field.Id()}", new { constraint = "[0-9]+", constraintError = "Digits only." })).ShouldBeJsonAsync(HttpStatusCode.OK);

        var refused = await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Fields", new { fields = new[] { new { name = "Ref", values = new[] { "abc" } } } });
        (await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid field value.")).Str("detail").Should().Contain("Digits only.");
        await client.SetValuesAsync(folder.Id(), ("Ref", ["123"]));

        var listed = await client.ValuesAsync($"{LfRepoApp.V2}/Entries/1/Folder/Children?fields=Ref");
        listed.Single(e => e.Id() == folder.Id())["fields"]!.AsArray().Single()!["values"].Strings().Should().Equal("123");
        (await client.SearchNamesAsync("{[]:[Ref]=\"123\"}")).Should().Equal("F");
    }

    [Fact]
    public async Task DeleteFieldDefinition_removes_the_field_from_templates_and_its_values_from_entries()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "F");
        await (await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Template",
            new { templateName = "General", fields = new[] { new { name = "Text", values = new[] { "t" } } } })).ShouldBeJsonAsync(HttpStatusCode.OK);
        await client.SetValuesAsync(folder.Id(), ("Text", ["t"]), ("Comment", ["c"]));

        (await client.DeleteAsync($"{Fields}/1")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        await (await client.GetAsync($"{Fields}/1")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Field definition not found.");
        (await client.TemplateFieldNamesAsync(1)).Should().Equal("Comment", "Date Received", "Status");
        (await client.GetEntryAsync(folder.Id()))["templateFieldNames"].Strings().Should().Equal("Comment", "Date Received", "Status");
        (await client.ValuesAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Fields")).Select(f => f.Str("name")).Should().NotContain("Text");
        (await client.FieldValuesAsync(folder.Id(), "Comment")).Should().Equal("c");
        await (await client.DeleteAsync($"{Fields}/1")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetFieldListValues_and_ReplaceFieldListValues_keep_the_order_and_refuse_duplicates_and_empty_values()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        (await client.GetJsonAsync($"{Fields}/9/ListValues"))["values"].Strings().Should().Equal("Open", "Pending", "Closed");
        (await client.GetJsonAsync($"{Fields}/1/ListValues"))["values"].Strings().Should().BeEmpty("a String field has no list");

        var replaced = await (await client.PutAsJsonAsync($"{Fields}/9/ListValues", new { values = new[] { "New", "Open", "Done" } })).ShouldBeJsonAsync(HttpStatusCode.OK);
        replaced["values"].Strings().Should().Equal("New", "Open", "Done");
        (await client.GetJsonAsync($"{Fields}/9"))["listValues"].Strings().Should().Equal("New", "Open", "Done");

        var folder = await client.CreateFolderAsync(1, "F");
        await client.SetValuesAsync(folder.Id(), ("Status", ["done"]));
        (await client.FieldValuesAsync(folder.Id(), "Status")).Should().Equal("Done");

        (await (await client.PutAsJsonAsync($"{Fields}/9/ListValues", new { values = new[] { "A", "a" } })).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Str("detail").Should().Contain("'a' is given more than once");
        (await (await client.PutAsJsonAsync($"{Fields}/9/ListValues", new { values = new[] { "" } })).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Str("detail").Should().Contain("A list value is empty");
        (await (await client.PutAsJsonAsync($"{Fields}/1/ListValues", new { values = new[] { "A" } })).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Str("detail").Should().Contain("only List fields have list values");
        await (await client.PutAsJsonAsync($"{Fields}/99/ListValues", new { values = new[] { "A" } })).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        (await (await client.PutAsJsonAsync($"{Fields}/9/ListValues", new { values = Array.Empty<string>() })).ShouldBeJsonAsync(HttpStatusCode.OK))["values"].Strings().Should().BeEmpty();
        (await client.FieldValuesAsync(folder.Id(), "Status")).Should().Equal(["Done"], "values entries hold stay");
    }

    [Fact]
    public async Task Field_properties_are_set_and_removed_and_bad_keys_are_a_400()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        (await client.GetJsonAsync($"{Fields}/1/Properties"))["properties"]!.AsObject().Should().BeEmpty();
        var set = await (await client.PatchJsonAsync($"{Fields}/1/Properties", new { set = new Dictionary<string, string> { ["a.one"] = "1", ["a.two"] = "2" } }))
            .ShouldBeJsonAsync(HttpStatusCode.OK);
        set["properties"]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo("a.one", "a.two");

        var changed = await (await client.PatchJsonAsync($"{Fields}/1/Properties", new { set = new Dictionary<string, string> { ["a.two"] = "II" }, remove = new[] { "a.one", "absent" } }))
            .ShouldBeJsonAsync(HttpStatusCode.OK);
        changed["properties"]!.ToJsonString().Should().Be("""{"a.two":"II"}""");
        (await client.GetJsonAsync($"{Fields}/1/Properties"))["properties"]!.ToJsonString().Should().Be("""{"a.two":"II"}""");

        (await (await client.PatchJsonAsync($"{Fields}/1/Properties", new { set = new Dictionary<string, string> { ["k"] = "v" }, remove = new[] { "k" } }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid custom properties.")).Str("detail").Should().Be("The key 'k' is both in set and in remove.");
        await (await client.PatchJsonAsync($"{Fields}/1/Properties", new { set = new Dictionary<string, string> { [""] = "v" } })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.GetAsync($"{Fields}/99/Properties")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await (await client.PatchJsonAsync($"{Fields}/1/Properties", new { })).ShouldBeJsonAsync(HttpStatusCode.OK))["properties"]!.ToJsonString().Should().Be("""{"a.two":"II"}""");
    }

    [Fact]
    public async Task GetFieldAssignedEntryCount_and_GetFieldContainingTemplates_tell_where_a_field_is_used()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        foreach (var name in new[] { "A", "B" })
        {
            var folder = await client.CreateFolderAsync(1, name);
            await client.SetValuesAsync(folder.Id(), ("Date Received", ["2026-01-15"]), ("Keywords", ["x", "y"]));
        }

        (await client.GetJsonAsync($"{Fields}/6/AssignedEntryCount"))["count"]!.GetValue<int>().Should().Be(2);
        (await client.GetJsonAsync($"{Fields}/10/AssignedEntryCount"))["count"]!.GetValue<int>().Should().Be(2, "entries are counted, not values");
        (await client.GetJsonAsync($"{Fields}/16/AssignedEntryCount"))["count"]!.GetValue<int>().Should().Be(0);

        var response = await client.GetAsync($"{Fields}/6/ContainingTemplates?$orderby=name desc&$select=id,name");
        var templates = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        templates.Select(t => t!["name"]!.GetValue<string>()).Should().Equal("Invoice", "General");
        templates[0]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo("id", "name");
        JsonNode.Parse(await (await client.GetAsync($"{Fields}/16/ContainingTemplates")).Content.ReadAsStringAsync())!.AsArray().Should().BeEmpty();
        await (await client.GetAsync($"{Fields}/99/AssignedEntryCount")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync($"{Fields}/99/ContainingTemplates")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Administration_answers_the_spec_shapes_to_the_official_client_paths()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var field = await client.CreateFieldAsync(new { name = "Shape", fieldType = "String" });

        field.Select(p => p.Key).Should().Equal("name", "displayName", "id", "description", "fieldType", "length", "defaultValue", "isMultiValue", "isRequired",
            "constraint", "constraintError", "format", "currency", "formatPattern", "isIndexed", "isIndexedForReporting", "warnIfBlank", "hideListValues", "autoExtract");
    }
}
