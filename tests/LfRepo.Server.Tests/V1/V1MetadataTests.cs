using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.V1;

/// <summary>v1 tags, template and tag definitions over the same metadata v2 reads.</summary>
[Trait("Engine", "Both")]
public sealed class V1MetadataTests
{
    private const string V1 = V1EntriesTests.V1;

    [Fact]
    public async Task AssignTags_and_GetTagsAssignedToEntry_share_the_tags_v2_sees()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "Tagged");

        var set = await (await client.PutAsJsonAsync($"{V1}/Entries/{folder.Id()}/tags", new { tags = new[] { "Reviewed", "Confidential" } })).ShouldBeJsonAsync(HttpStatusCode.OK);
        var listed = await (await client.GetAsync($"{V1}/Entries/{folder.Id()}/tags?$count=true&$orderby=name")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var v2 = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Tags")).ShouldBeJsonAsync(HttpStatusCode.OK);

        set["value"]!.AsArray().Should().HaveCount(2);
        listed["@odata.count"]!.GetValue<int>().Should().Be(2);
        listed["value"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).Should().Equal("Confidential", "Reviewed");
        v2["value"]!.AsArray().Should().HaveCount(2);
        (await (await client.PutAsJsonAsync($"{V1}/Entries/{folder.Id()}/tags", new { tags = new[] { "Nope" } })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Unknown tag."))
            .Str("detail").Should().Contain("Nope");
        await (await client.GetAsync($"{V1}/Entries/999/tags")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task WriteTemplateValueToEntry_takes_fields_keyed_by_name_with_positions()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "Templated");

        var entry = await (await client.PutAsJsonAsync($"{V1}/Entries/{folder.Id()}/template", new
        {
            templateName = "General",
            fields = new Dictionary<string, object> { ["Status"] = new { values = new[] { new { value = "Open", position = 1 } } } },
        })).ShouldBeJsonAsync(HttpStatusCode.OK);
        var v2Fields = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Fields")).ShouldBeJsonAsync(HttpStatusCode.OK);

        entry.Str("templateName").Should().Be("General");
        entry["templateFieldNames"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Contain("Status");
        v2Fields["value"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == "Status")!["values"]![0]!.GetValue<string>().Should().Be("Open");

        var removed = await (await client.DeleteAsync($"{V1}/Entries/{folder.Id()}/template")).ShouldBeJsonAsync(HttpStatusCode.OK);
        removed["templateId"]!.GetValue<int>().Should().Be(0);
        (await client.GetEntryAsync(folder.Id())).Str("templateName").Should().BeEmpty();
    }

    [Fact]
    public async Task WriteTemplateValueToEntry_problems_name_what_was_wrong()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "Templated");
        var url = $"{V1}/Entries/{folder.Id()}/template";

        (await (await client.PutAsJsonAsync(url, new { templateName = "faketemplate123" })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Template not found."))
            .Str("detail").Should().Contain("faketemplate123");
        (await (await client.PutAsJsonAsync(url, new
        {
            templateName = "General",
            fields = new Dictionary<string, object> { ["Status"] = new { values = new[] { new { value = "a", position = 1 }, new { value = "b", position = 1 } } } },
        })).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Str("detail").Should().Contain("Status");
        await (await client.DeleteAsync($"{V1}/Entries/999/template")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Tag_definitions_list_page_and_read_by_id()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var pages = await client.ReadAllPagesAsync($"{V1}/TagDefinitions?$count=true", "maxpagesize=1");
        var first = pages[0]["value"]![0]!.AsObject();
        var one = await (await client.GetAsync($"{V1}/TagDefinitions/{first.Id()}")).ShouldBeJsonAsync(HttpStatusCode.OK);

        pages.Should().HaveCount(pages[0]["@odata.count"]!.GetValue<int>());
        one.Str("name").Should().Be(first.Str("name"));
        (await (await client.GetAsync($"{V1}/TagDefinitions/9999")).ShouldBeProblemAsync(HttpStatusCode.NotFound)).Str("detail").Should().Contain("9999");
    }

    [Fact]
    public async Task AssignFieldValues_and_GetFieldValues_use_positions_and_the_fields_v2_sees()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "Fielded");

        var set = await (await client.PutAsJsonAsync($"{V1}/Entries/{folder.Id()}/fields", new Dictionary<string, object>
        {
            ["Quantity"] = new { values = new[] { new { value = "7", position = 1 } } },
        })).ShouldBeJsonAsync(HttpStatusCode.OK);
        var listed = await (await client.GetAsync($"{V1}/Entries/{folder.Id()}/fields?$count=true")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var v2 = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Fields")).ShouldBeJsonAsync(HttpStatusCode.OK);

        var quantity = listed["value"]!.AsArray().Single(f => f!["fieldName"]!.GetValue<string>() == "Quantity")!.AsObject();
        quantity["values"]![0]!["value"]!.GetValue<string>().Should().Be("7");
        quantity["values"]![0]!["position"]!.GetValue<int>().Should().Be(1);
        quantity["fieldId"]!.GetValue<int>().Should().BePositive();
        set["value"]!.AsArray().Should().ContainSingle();
        listed["@odata.count"]!.GetValue<int>().Should().Be(1);
        v2["value"]![0]!["values"]![0]!.GetValue<string>().Should().Be("7");
        (await (await client.PutAsJsonAsync($"{V1}/Entries/{folder.Id()}/fields", new Dictionary<string, object>
        {
            ["NoSuchField"] = new { values = new[] { new { value = "1", position = 1 } } },
        })).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Str("detail").Should().Contain("NoSuchField");
        await (await client.GetAsync($"{V1}/Entries/999/fields")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AssignEntryLinks_and_GetLinkValuesFromEntry_share_the_links_v2_sees()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var a = await client.CreateFolderAsync(1, "A");
        var b = await client.CreateFolderAsync(1, "B");

        var set = await (await client.PutAsJsonAsync($"{V1}/Entries/{a.Id()}/links", new object[]
        {
            new { linkTypeId = 1, targetId = b.Id(), customProperties = new Dictionary<string, string> { ["note"] = "n" } },
        })).ShouldBeJsonAsync(HttpStatusCode.OK);
        var fromB = await (await client.GetAsync($"{V1}/Entries/{b.Id()}/links?$count=true")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var v2 = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{a.Id()}/Links")).ShouldBeJsonAsync(HttpStatusCode.OK);

        var link = set["value"]!.AsArray().Should().ContainSingle().Subject!.AsObject();
        link["sourceId"]!.GetValue<int>().Should().Be(a.Id());
        link["targetId"]!.GetValue<int>().Should().Be(b.Id());
        link["linkTypeId"]!.GetValue<int>().Should().Be(1);
        link["linkProperties"]!["note"]!.GetValue<string>().Should().Be("n");
        link.Str("targetLink").Should().Be($"http://localhost{V1}/Entries/{b.Id()}");
        fromB["@odata.count"]!.GetValue<int>().Should().Be(1);
        v2["value"]!.AsArray().Should().ContainSingle();
        (await (await client.PutAsJsonAsync($"{V1}/Entries/{a.Id()}/links", new object[] { new { linkTypeId = 99, targetId = b.Id() } })).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Str("detail").Should().Contain("99");
        await (await client.GetAsync($"{V1}/Entries/999/links")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetDynamicFieldValues_answers_the_allowed_values_by_field_name()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "F");
        var url = $"{V1}/Entries/{folder.Id()}/fields/GetDynamicFieldLogicValue";

        var canada = await (await client.PostAsJsonAsync(url, new { templateId = 3, fieldValues = new Dictionary<string, string> { ["Country"] = "Canada" } })).ShouldBeJsonAsync(HttpStatusCode.OK);

        canada["City"]!.AsArray().Select(v => v!.GetValue<string>()).Should().Equal("Toronto", "Vancouver");
        await (await client.PostAsJsonAsync(url, new { templateId = 99 })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsJsonAsync($"{V1}/Entries/999/fields/GetDynamicFieldLogicValue", new { templateId = 3 })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
