using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Metadata;

[Trait("Engine", "Both")]
public sealed class FieldMergeChangeTypeTests
{
    private const string Fields = LfRepoApp.V2 + "/FieldDefinitions";

    /// <summary>Two String fields "First" and "Second" and three folders: one with First only, one with both equal, one with both different.</summary>
    private static async Task<(int First, int Second, int OnlyFirst, int Same, int Different)> TwoFieldsAsync(HttpClient client)
    {
        var first = (await client.CreateFieldAsync(new { name = "First", fieldType = "String", length = 20 })).Id();
        var second = (await client.CreateFieldAsync(new { name = "Second", fieldType = "String", length = 40 })).Id();
        var onlyFirst = (await client.CreateFolderAsync(1, "OnlyFirst")).Id();
        var same = (await client.CreateFolderAsync(1, "Same")).Id();
        var different = (await client.CreateFolderAsync(1, "Different")).Id();
        await client.SetValuesAsync(onlyFirst, ("First", ["a"]));
        await client.SetValuesAsync(same, ("First", ["s"]), ("Second", ["s"]));
        await client.SetValuesAsync(different, ("First", ["x"]), ("Second", ["y"]));
        return (first, second, onlyFirst, same, different);
    }

    [Fact]
    public async Task MergeFields_with_Fail_refuses_conflicting_entries_and_changes_nothing()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var (first, second, _, _, different) = await TwoFieldsAsync(client);
        var before = await client.ValuesAsync(Fields);

        var response = await client.PostAsJsonAsync($"{Fields}/Merge", new { sourceFieldIds = new[] { first, second }, newFieldName = "Merged" });

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "The merged fields conflict.")).Str("detail")
            .Should().Be($"1 entries hold different values in the source fields (entry {different}); choose onConflict MakeMultivalue or UseFirstField.");
        (await client.ValuesAsync(Fields)).Should().HaveCount(before.Count);
    }

    [Fact]
    public async Task MergeFields_with_MakeMultivalue_keeps_every_value_in_a_new_multi_value_field_and_the_sources_stay()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var (first, second, onlyFirst, same, different) = await TwoFieldsAsync(client);

        var merged = await (await client.PostAsJsonAsync($"{Fields}/Merge", new { sourceFieldIds = new[] { first, second }, newFieldName = "Merged", onConflict = "MakeMultivalue" }))
            .ShouldBeJsonAsync(HttpStatusCode.OK);

        merged.Str("name").Should().Be("Merged");
        merged.Str("fieldType").Should().Be("String");
        merged["isMultiValue"]!.GetValue<bool>().Should().BeTrue();
        merged["length"]!.GetValue<int>().Should().Be(40);
        (await client.FieldValuesAsync(onlyFirst, "Merged")).Should().Equal("a");
        (await client.FieldValuesAsync(same, "Merged")).Should().Equal("s");
        (await client.FieldValuesAsync(different, "Merged")).Should().Equal("x", "y");
        (await client.FieldValuesAsync(different, "First")).Should().Equal("x");
        (await client.GetJsonAsync($"{Fields}/{merged.Id()}/AssignedEntryCount"))["count"]!.GetValue<int>().Should().Be(3);
        (await client.GetJsonAsync($"{Fields}/{second}")).Str("name").Should().Be("Second");
    }

    [Fact]
    public async Task MergeFields_with_UseFirstField_needs_allowDataLoss_and_then_keeps_the_first_fields_values()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var (first, second, _, _, different) = await TwoFieldsAsync(client);

        var refused = await client.PostAsJsonAsync($"{Fields}/Merge", new { sourceFieldIds = new[] { second, first }, newFieldName = "Merged", onConflict = "UseFirstField" });
        (await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "The change would lose data.")).Str("detail").Should().Contain("allowDataLoss=true");

        var merged = await (await client.PostAsJsonAsync($"{Fields}/Merge",
            new { sourceFieldIds = new[] { second, first }, newFieldName = "Merged", onConflict = "UseFirstField", allowDataLoss = true })).ShouldBeJsonAsync(HttpStatusCode.OK);
        merged["isMultiValue"]!.GetValue<bool>().Should().BeFalse();
        (await client.FieldValuesAsync(different, "Merged")).Should().Equal("y");
    }

    [Fact]
    public async Task MergeFields_with_removeFromTemplates_puts_the_new_field_in_the_first_sources_place()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var merged = await (await client.PostAsJsonAsync($"{Fields}/Merge",
            new { sourceFieldIds = new[] { 2, 1 }, newFieldName = "Remark", removeFromTemplates = true })).ShouldBeJsonAsync(HttpStatusCode.OK);

        (await client.TemplateFieldNamesAsync(1)).Should().Equal("Remark", "Date Received", "Status");
        (await client.GetJsonAsync($"{Fields}/1")).Str("name").Should().Be("Text", "sources are not deleted");
        merged["length"]!.GetValue<int>().Should().Be(255);
    }

    [Fact]
    public async Task MergeFields_refuses_bad_requests_with_400_or_404()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        async Task<string> Refused(object body, HttpStatusCode status = HttpStatusCode.BadRequest) =>
            (await (await client.PostAsJsonAsync($"{Fields}/Merge", body)).ShouldBeProblemAsync(status)).Str("detail");

        (await Refused(new { sourceFieldIds = new[] { 1 }, newFieldName = "M" })).Should().Be("sourceFieldIds needs at least two fields; 1 given.");
        (await Refused(new { sourceFieldIds = new[] { 1, 1 }, newFieldName = "M" })).Should().Be("sourceFieldIds names a field more than once.");
        (await Refused(new { sourceFieldIds = new[] { 1, 3 }, newFieldName = "M" })).Should().Contain("'Text' is String, 'Amount' is Number");
        (await Refused(new { sourceFieldIds = new[] { 1, 2 }, newFieldName = "Comment" })).Should().Contain("'Comment' already exists");
        (await Refused(new { sourceFieldIds = new[] { 1, 2 } })).Should().Contain("newFieldName is required");
        (await Refused(new { sourceFieldIds = new[] { 1, 99 }, newFieldName = "M" }, HttpStatusCode.NotFound)).Should().Be("Field definition 99 does not exist.");
    }

    [Fact]
    public async Task MergeFields_with_autoRename_picks_a_free_name()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var merged = await (await client.PostAsJsonAsync($"{Fields}/Merge", new { sourceFieldIds = new[] { 1, 2 }, newFieldName = "Comment", autoRename = true }))
            .ShouldBeJsonAsync(HttpStatusCode.OK);

        merged.Str("name").Should().Be("Comment (2)");
    }

    [Theory]
    [InlineData("Date", "DateTime", "2026-01-15", "2026-01-15T00:00:00")]
    [InlineData("ShortInteger", "LongInteger", "42", "42")]
    [InlineData("ShortInteger", "Number", "-7", "-7")]
    [InlineData("LongInteger", "Number", "9000000000", "9000000000")]
    public async Task ChangeFieldType_converts_every_value_on_a_safe_widening_without_allowDataLoss(string from, string to, string value, string converted)
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var field = await client.CreateFieldAsync(new { name = "Widen", fieldType = from, defaultValue = value });
        var folder = await client.CreateFolderAsync(1, "F");
        await client.SetValuesAsync(folder.Id(), ("Widen", [value]));

        var changed = await (await client.PostAsJsonAsync($"{Fields}/{field.Id()}/ChangeType", new { newFieldType = to })).ShouldBeJsonAsync(HttpStatusCode.OK);

        changed.Str("fieldType").Should().Be(to);
        changed.Str("defaultValue").Should().Be(converted);
        (await client.FieldValuesAsync(folder.Id(), "Widen")).Should().Equal(converted);
        (await client.GetJsonAsync($"{Fields}/{field.Id()}")).Str("fieldType").Should().Be(to);
    }

    [Fact]
    public async Task ChangeFieldType_that_may_lose_data_needs_allowDataLoss_and_changes_nothing_without_it()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "F");
        await client.SetValuesAsync(folder.Id(), ("Text", ["12"]));

        var refused = await client.PostAsJsonAsync($"{Fields}/1/ChangeType", new { newFieldType = "Number" });

        (await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "The change would lose data.")).Str("detail")
            .Should().Be("Changing 'Text' from String to Number may drop the values of 1 entries that the new type cannot hold; send allowDataLoss=true to accept that.");
        (await client.GetJsonAsync($"{Fields}/1")).Str("fieldType").Should().Be("String");
        (await client.FieldValuesAsync(folder.Id(), "Text")).Should().Equal("12");

        var leavingList = await client.PostAsJsonAsync($"{Fields}/9/ChangeType", new { newFieldType = "String" });
        (await leavingList.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Str("detail").Should().Contain("its 3 list values");
        var constrained = await client.PostAsJsonAsync($"{Fields}/11/ChangeType", new { newFieldType = "Number" });
        (await constrained.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Str("detail").Should().Contain("its constraint");
    }

    [Fact]
    public async Task ChangeFieldType_with_allowDataLoss_keeps_what_converts_and_really_drops_the_rest()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var numbers = await client.CreateFolderAsync(1, "Numbers");
        var words = await client.CreateFolderAsync(1, "Words");
        await client.SetValuesAsync(numbers.Id(), ("Keywords", ["12", "x", "3.5"]));
        await client.SetValuesAsync(words.Id(), ("Keywords", ["none"]));

        var changed = await (await client.PostAsJsonAsync($"{Fields}/10/ChangeType", new { newFieldType = "Number", allowDataLoss = true })).ShouldBeJsonAsync(HttpStatusCode.OK);

        changed.Str("fieldType").Should().Be("Number");
        changed["length"]!.GetValue<int>().Should().Be(0);
        changed["isMultiValue"]!.GetValue<bool>().Should().BeTrue();
        (await client.FieldValuesAsync(numbers.Id(), "Keywords")).Should().Equal("12", "3.5");
        (await client.FieldValuesAsync(words.Id(), "Keywords")).Should().BeEmpty();
        (await client.GetJsonAsync($"{Fields}/10/AssignedEntryCount"))["count"]!.GetValue<int>().Should().Be(1);
        await client.SetValuesAsync(words.Id(), ("Keywords", ["7"]));
        await (await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{words.Id()}/Fields", new { fields = new[] { new { name = "Keywords", values = new[] { "seven" } } } }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid field value.");
    }

    [Fact]
    public async Task A_dynamic_field_that_leaves_List_loses_its_dynamic_logic_and_keeps_the_values_that_convert()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "F");
        await (await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Template", new
        {
            templateName = "Address", fields = new[] { new { name = "Country", values = new[] { "Canada" } }, new { name = "City", values = new[] { "Toronto" } } },
        })).ShouldBeJsonAsync(HttpStatusCode.OK);

        await (await client.PostAsJsonAsync($"{Fields}/15/ChangeType", new { newFieldType = "String", allowDataLoss = true })).ShouldBeJsonAsync(HttpStatusCode.OK);

        var city = (await client.ValuesAsync($"{LfRepoApp.V2}/TemplateDefinitions/3/FieldDefinitions")).Single(f => f.Str("name") == "City");
        city["rule"].Should().BeNull();
        city.Str("fieldType").Should().Be("String");
        (await client.FieldValuesAsync(folder.Id(), "City")).Should().Equal("Toronto");
        var dynamic = await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Fields/GetDynamicFieldLogicValue", new { templateId = 3 }))
            .ShouldBeJsonAsync(HttpStatusCode.OK);
        dynamic.Should().BeEmpty();
    }

    [Fact]
    public async Task ChangeFieldType_from_String_to_List_without_data_is_lossless_and_leaving_List_clears_the_items()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var field = await client.CreateFieldAsync(new { name = "Kind", fieldType = "String", length = 25 });

        var list = await (await client.PostAsJsonAsync($"{Fields}/{field.Id()}/ChangeType", new { newFieldType = "List" })).ShouldBeJsonAsync(HttpStatusCode.OK);
        list.Str("fieldType").Should().Be("List");
        list["length"]!.GetValue<int>().Should().Be(25);

        var status = await (await client.PostAsJsonAsync($"{Fields}/9/ChangeType", new { newFieldType = "String", allowDataLoss = true })).ShouldBeJsonAsync(HttpStatusCode.OK);
        status["listValues"].Should().BeNull("only List fields carry listValues");
        (await client.GetJsonAsync($"{Fields}/9/ListValues"))["values"].Strings().Should().BeEmpty();
        await (await client.PostAsJsonAsync($"{Fields}/99/ChangeType", new { newFieldType = "String" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsJsonAsync($"{Fields}/1/ChangeType", new { })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }
}
