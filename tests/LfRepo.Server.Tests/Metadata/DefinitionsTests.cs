using System.Net;
using System.Text.Json.Nodes;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Metadata;

[Trait("Engine", "Both")]
public sealed class DefinitionsTests
{
    [Theory]
    [InlineData("/FieldDefinitions")]
    [InlineData("/TemplateDefinitions")]
    [InlineData("/TemplateDefinitions/1/FieldDefinitions")]
    [InlineData("/TemplateDefinitions/FieldDefinitions?templateName=General")]
    [InlineData("/TagDefinitions")]
    [InlineData("/LinkDefinitions")]
    [InlineData("/AuditReasons")]
    [InlineData("/Attributes")]
    [InlineData("/Attributes?everyone=true")]
    public async Task Every_definition_listing_pages_with_maxpagesize_1(string path)
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var all = await (await client.GetAsync(LfRepoApp.V2 + path + (path.Contains('?') ? "&" : "?") + "$count=true")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var pages = await client.ReadAllPagesAsync(LfRepoApp.V2 + path, "maxpagesize=1");

        var count = all["@odata.count"]!.GetValue<int>();
        count.Should().BeGreaterThanOrEqualTo(2);
        all["value"]!.AsArray().Should().HaveCount(count);
        pages.Should().HaveCount(count);
        pages[0]["@odata.nextLink"]!.GetValue<string>().Should().StartWith("http://localhost/LFRepositoryAPI/v2/");
        pages.SelectMany(p => p["value"]!.AsArray()).Select(v => v!.ToJsonString())
            .Should().Equal(all["value"]!.AsArray().Select(v => v!.ToJsonString()));
    }

    [Fact]
    public async Task The_default_seed_has_what_the_client_test_suites_look_for()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var fields = await Values(client, "/FieldDefinitions");
        fields.Count(f => f.Str("fieldType") == "String" && f.Str("constraint") == "" && f["length"]!.GetValue<int>() >= 1).Should().BeGreaterThanOrEqualTo(2);
        fields.Select(f => f.Str("fieldType")).Should().Contain(["Number", "ShortInteger", "LongInteger", "Date", "DateTime", "Time", "List", "Blob"]);
        fields.Single(f => f.Str("name") == "Status")["listValues"]!.AsArray().Select(v => v!.GetValue<string>()).Should().Equal("Open", "Pending", "Closed");

        var templates = await Values(client, "/TemplateDefinitions");
        templates.Select(t => t.Str("name")).Should().Contain(["General", "Invoice"]);
        templates.Single(t => t.Str("name") == "General")["fieldCount"]!.GetValue<int>().Should().Be(4);

        var tags = await Values(client, "/TagDefinitions");
        tags.Count(t => !t["isSecure"]!.GetValue<bool>()).Should().BeGreaterThanOrEqualTo(2);
        tags.Should().Contain(t => t["isSecure"]!.GetValue<bool>());

        (await Values(client, "/LinkDefinitions")).Should().Contain(l => l["id"]!.GetValue<int>() == 1);

        var reasons = await Values(client, "/AuditReasons");
        reasons.Select(r => r.Str("auditEventType")).Should().Contain(["DeleteEntry", "ExportDocument"]);
    }

    [Fact]
    public async Task Single_definitions_are_found_by_id_and_honour_select()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var field = await (await client.GetAsync($"{LfRepoApp.V2}/FieldDefinitions/11")).ShouldBeJsonAsync(HttpStatusCode.OK);
        field.Str("name").Should().Be("Invoice Number");
        field["isRequired"]!.GetValue<bool>().Should().BeTrue();
        field.Str("@odata.context").Should().EndWith("#Laserfiche.Repository.FieldDefinition");

        var selected = await (await client.GetAsync($"{LfRepoApp.V2}/FieldDefinitions/1?$select=name,fieldType")).ShouldBeJsonAsync(HttpStatusCode.OK);
        selected.Select(p => p.Key).Should().BeEquivalentTo("@odata.context", "name", "fieldType");

        (await (await client.GetAsync($"{LfRepoApp.V2}/TemplateDefinitions/2")).ShouldBeJsonAsync(HttpStatusCode.OK)).Str("name").Should().Be("Invoice");
        (await (await client.GetAsync($"{LfRepoApp.V2}/TagDefinitions/3")).ShouldBeJsonAsync(HttpStatusCode.OK)).Str("name").Should().Be("Confidential");
        (await (await client.GetAsync($"{LfRepoApp.V2}/LinkDefinitions/1")).ShouldBeJsonAsync(HttpStatusCode.OK)).Str("sourceLabel").Should().Be("Parent");
        (await (await client.GetAsync($"{LfRepoApp.V2}/Attributes/theme")).ShouldBeJsonAsync(HttpStatusCode.OK)).Str("value").Should().Be("Light");
        (await (await client.GetAsync($"{LfRepoApp.V2}/Attributes/Company?everyone=true")).ShouldBeJsonAsync(HttpStatusCode.OK)).Str("value").Should().Be("LfRepo");
    }

    [Theory]
    [InlineData("/FieldDefinitions/999", "Field definition not found.")]
    [InlineData("/TemplateDefinitions/999", "Template not found.")]
    [InlineData("/TemplateDefinitions/999/FieldDefinitions", "Template not found.")]
    [InlineData("/TemplateDefinitions/FieldDefinitions?templateName=Nope", "Template not found.")]
    [InlineData("/TemplateDefinitions?templateName=Nope", "Template not found.")]
    [InlineData("/TagDefinitions/999", "Tag definition not found.")]
    [InlineData("/LinkDefinitions/999", "Link definition not found.")]
    [InlineData("/Attributes/Nope", "Attribute not found.")]
    [InlineData("/Attributes/Company", "Attribute not found.")]
    public async Task Unknown_definitions_are_404(string path, string title)
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        await (await client.GetAsync(LfRepoApp.V2 + path)).ShouldBeProblemAsync(HttpStatusCode.NotFound, title);
    }

    [Fact]
    public async Task An_unknown_template_is_404_with_error_code_204()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var problem = await (await client.GetAsync($"{LfRepoApp.V2}/TemplateDefinitions?templateName=faketemplate123")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        problem["errorCode"]!.GetValue<int>().Should().Be(204);
        problem.Str("detail").Should().Contain("faketemplate123");
    }

    [Fact]
    public async Task Template_listings_filter_by_name_and_list_fields_with_groups_and_rules()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var byName = await Values(client, "/TemplateDefinitions?templateName=invoice");
        byName.Should().ContainSingle().Which.Str("name").Should().Be("Invoice");

        var fields = await Values(client, "/TemplateDefinitions/FieldDefinitions?templateName=Invoice");
        fields.Select(f => f.Str("name")).Should().Equal("Invoice Number", "Amount", "Date Received", "Item Name", "Item Price");
        fields[3]["groupId"]!.GetValue<int>().Should().Be(1);
        fields[3].Str("groupName").Should().Be("Line Items");
        fields[0]["groupId"].Should().BeNull();

        var address = await Values(client, "/TemplateDefinitions/3/FieldDefinitions");
        address.Single(f => f.Str("name") == "City")["rule"]!["ancestors"]!.AsArray().Select(a => a!.GetValue<int>()).Should().Equal(14);
    }

    [Fact]
    public async Task Listings_order_and_reject_bad_options()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var ordered = await Values(client, "/TagDefinitions?$orderby=name desc");
        ordered.Select(t => t.Str("name")).Should().Equal("Reviewed", "Needs Attention", "Confidential");
        var top = await Values(client, "/FieldDefinitions?$orderby=fieldType,name&$top=2&$skip=1");
        top.Should().HaveCount(2);

        await (await client.GetAsync($"{LfRepoApp.V2}/FieldDefinitions?$orderby=listValues")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid OData query option.");
        await (await client.GetAsync($"{LfRepoApp.V2}/TagDefinitions?$select=nope")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid OData query option.");
        await (await client.GetAsync($"{LfRepoApp.V2}/AuditReasons?$top=151")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid OData query option.");
        await (await client.GetAsync($"{LfRepoApp.V2}/FieldDefinitions?culture=xx-nope-zz")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid culture.");
        await (await client.GetAsync($"{LfRepoApp.V2}/TemplateDefinitions/FieldDefinitions")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_seed_file_defines_the_repository_and_its_folder_tree()
    {
        var seed = Path.Combine(Path.GetTempPath(), $"lfrepo-seed-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(seed, """
            {
              "fieldDefinitions": [ { "name": "Case Number", "fieldType": "LongInteger" }, { "name": "Owner", "fieldType": "String", "length": 40 } ],
              "templateDefinitions": [ { "name": "Case", "fields": [ "Case Number", "Owner" ] } ],
              "tagDefinitions": [ { "name": "Open" } ],
              "linkDefinitions": [ { "id": 7, "sourceLabel": "From", "targetLabel": "To" } ],
              "auditReasons": [ { "id": 5, "name": "Purge", "auditEventType": "DeleteEntry" } ],
              "attributes": [ { "key": "Team", "value": "Blue" } ],
              "folders": [ { "name": "Cases", "templateName": "Case", "fields": [ { "name": "Case Number", "values": [ "42" ] } ], "tags": [ "Open" ],
                             "folders": [ { "name": "2026" } ] } ]
            }
            """);
        try
        {
            await using var app = new LfRepoApp(("LfRepo:Seed", seed));
            var client = await app.CreateSignedInClientAsync();

            (await Values(client, "/FieldDefinitions")).Select(f => f.Str("name")).Should().Equal("Case Number", "Owner");
            (await Values(client, "/LinkDefinitions")).Single()["id"]!.GetValue<int>().Should().Be(7);
            (await Values(client, "/Attributes")).Single().Str("key").Should().Be("Team");
            var cases = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/ByPath?fullPath=%5CCases")).ShouldBeJsonAsync(HttpStatusCode.OK);
            var folder = cases["entry"]!.AsObject();
            folder.Str("templateName").Should().Be("Case");
            folder["templateFieldNames"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("Case Number", "Owner");
            var fields = await Values(client, $"/Entries/{folder.Id()}/Fields");
            fields[0]["values"]!.AsArray().Single()!.GetValue<string>().Should().Be("42");
            (await Values(client, $"/Entries/{folder.Id()}/Tags")).Single().Str("name").Should().Be("Open");
            (await (await client.GetAsync($"{LfRepoApp.V2}/Entries/ByPath?fullPath=%5CCases%5C2026")).ShouldBeJsonAsync(HttpStatusCode.OK))["entry"].Should().NotBeNull();
        }
        finally
        {
            File.Delete(seed);
        }
    }

    private static async Task<List<JsonObject>> Values(HttpClient client, string path)
    {
        var body = await (await client.GetAsync(LfRepoApp.V2 + path)).ShouldBeJsonAsync(HttpStatusCode.OK);
        return [.. body["value"]!.AsArray().Select(v => v!.AsObject())];
    }
}
