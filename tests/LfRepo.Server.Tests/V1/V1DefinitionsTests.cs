using System.Net;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.V1;

/// <summary>v1 field, template and link definitions and trustee attributes, from the catalogue v2 reads.</summary>
[Trait("Engine", "Both")]
public sealed class V1DefinitionsTests
{
    private const string V1 = V1EntriesTests.V1;

    [Theory]
    [InlineData("/FieldDefinitions")]
    [InlineData("/TemplateDefinitions")]
    [InlineData("/TemplateDefinitions/Fields?templateName=General")]
    [InlineData("/LinkDefinitions")]
    [InlineData("/TagDefinitions")]
    [InlineData("/Attributes")]
    [InlineData("/Attributes?everyone=true")]
    public async Task Definition_listings_page_and_count_like_v2(string path)
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var separator = path.Contains('?') ? '&' : '?';

        var v2 = await (await client.GetAsync($"{LfRepoApp.V2}{path.Replace("/TemplateDefinitions/Fields", "/TemplateDefinitions/FieldDefinitions")}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var pages = await client.ReadAllPagesAsync($"{V1}{path}{separator}$count=true", "maxpagesize=1");

        var total = v2["value"]!.AsArray().Count;
        total.Should().BePositive();
        pages.Should().HaveCount(total);
        pages[0]["@odata.count"]!.GetValue<int>().Should().Be(total);
    }

    [Fact]
    public async Task Definitions_by_id_and_name_answer_the_v1_shapes()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var template = (await (await client.GetAsync($"{V1}/TemplateDefinitions?templateName=General")).ShouldBeJsonAsync(HttpStatusCode.OK))["value"]![0]!.AsObject();
        var link = (await (await client.GetAsync($"{V1}/LinkDefinitions")).ShouldBeJsonAsync(HttpStatusCode.OK))["value"]![0]!.AsObject();

        var one = await (await client.GetAsync($"{V1}/TemplateDefinitions/{template.Id()}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var fields = await (await client.GetAsync($"{V1}/TemplateDefinitions/{template.Id()}/Fields")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var field = await (await client.GetAsync($"{V1}/FieldDefinitions/{fields["value"]![0]!["id"]}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var linkOne = await (await client.GetAsync($"{V1}/LinkDefinitions/{link["linkTypeId"]}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var attribute = await (await client.GetAsync($"{V1}/Attributes/Company?everyone=true")).ShouldBeJsonAsync(HttpStatusCode.OK);

        one.Str("name").Should().Be("General");
        one["fieldCount"]!.GetValue<int>().Should().Be(fields["value"]!.AsArray().Count);
        one.ContainsKey("isAutoAssignable").Should().BeFalse("WTemplateInfo has no such member");
        field.Str("name").Should().Be(fields["value"]![0]!["name"]!.GetValue<string>());
        field.ContainsKey("isIndexed").Should().BeFalse("WFieldInfo has no such member");
        linkOne.Str("sourceLabel").Should().Be(link.Str("sourceLabel"));
        linkOne.ContainsKey("linkTypeDescription").Should().BeTrue();
        attribute.Str("value").Should().Be("LfRepo");
    }

    [Theory]
    [InlineData("/FieldDefinitions/9999", "9999")]
    [InlineData("/TemplateDefinitions/9999", "9999")]
    [InlineData("/TemplateDefinitions/9999/Fields", "9999")]
    [InlineData("/TemplateDefinitions?templateName=NoSuchTemplate", "NoSuchTemplate")]
    [InlineData("/LinkDefinitions/9999", "9999")]
    [InlineData("/Attributes/Nope", "Nope")]
    public async Task Unknown_definitions_are_404_naming_them(string path, string named)
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        (await (await client.GetAsync($"{V1}{path}")).ShouldBeProblemAsync(HttpStatusCode.NotFound)).Str("detail").Should().Contain(named);
    }

    [Fact]
    public async Task Template_fields_by_name_need_the_name()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        (await (await client.GetAsync($"{V1}/TemplateDefinitions/Fields")).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Str("detail").Should().Contain("templateName");
    }
}
