using System.Net;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Tables;

/// <summary>The preview spec's REST routes over the built-in tables.</summary>
[Trait("Engine", "Both")]
public sealed class TablePreviewTests(DefaultTablesFixture shared) : IClassFixture<DefaultTablesFixture>
{
    private const string Tables = "/table/v1/Tables";

    [Fact]
    public async Task ListTables_lists_resources_with_stable_ids_sorted_counted_and_paged()
    {
        var client = shared.Client;

        var first = await (await client.GetAsync($"{Tables}?$orderby=name desc&$top=1&$count=true&$select=id,name")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var all = await (await client.GetAsync(Tables)).ShouldBeJsonAsync(HttpStatusCode.OK);

        first["@odata.count"]!.GetValue<int>().Should().Be(2);
        var regions = first["value"]!.AsArray().Single()!.AsObject();
        regions.Select(p => p.Key).Should().Equal("id", "name");
        regions["name"]!.GetValue<string>().Should().Be("Regions");
        Guid.TryParse(regions["id"]!.GetValue<string>(), out _).Should().BeTrue();
        all["value"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).Should().Equal("Products", "Regions");
        all["value"]![0]!.AsObject().Select(p => p.Key).Should().Equal("id", "name", "description", "lastModifiedOn", "lastModifiedBy", "createdOn", "createdBy");
        await using var again = new LfRepoApp();
        var otherClient = await again.CreateSignedInClientAsync();
        var otherIds = await (await otherClient.GetAsync(Tables)).ShouldBeJsonAsync(HttpStatusCode.OK);
        otherIds["value"]![1]!["id"]!.GetValue<string>().Should().Be(regions["id"]!.GetValue<string>(), "ids derive from names");
    }

    [Fact]
    public async Task GetTable_answers_columns_and_tags_by_id_and_404_for_an_unknown_id()
    {
        var client = shared.Client;
        var id = await RegionsIdAsync(client);

        var table = await (await client.GetAsync($"{Tables}/{id}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var missing = await client.GetAsync($"{Tables}/{Guid.Empty}");

        table["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Should().Equal("READONLY");
        table["columns"]!.ToJsonString().Should().Be(
            """[{"name":"Code","type":"Text","maximumTextLength":4},{"name":"Name","type":"Text","maximumTextLength":60},{"name":"Offices","type":"Integer","maximumTextLength":null}]""");
        await missing.ShouldBeProblemAsync(HttpStatusCode.NotFound, "Table not found.");
    }

    [Fact]
    public async Task ListTableRows_queries_like_odata4_without_nextLink_and_caps_top()
    {
        var client = shared.Client;

        var rows = await (await client.GetAsync($"{Tables}/Products/Rows?$filter=Quantity eq null&$orderby=_key&$skip=2&$top=3&$count=true&$select=_key")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var all = await (await client.GetAsync($"{Tables}/Products/Rows")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var tooMany = await client.GetAsync($"{Tables}/Products/Rows?$top=1001");

        rows["@odata.count"]!.GetValue<int>().Should().Be(30);
        rows["value"]!.ToJsonString().Should().Be("""[{"_key":"110"},{"_key":"120"},{"_key":"130"}]""");
        rows.ContainsKey("@odata.context").Should().BeFalse();
        all["value"]!.AsArray().Should().HaveCount(300);
        all.ContainsKey("@odata.nextLink").Should().BeFalse();
        (await tooMany.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>().Should().Contain("1000");
    }

    [Fact]
    public async Task DeleteTableRow_deletes_by_key_and_refuses_readonly_tables()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var regions = await RegionsIdAsync(client);

        var deleted = await client.DeleteAsync($"{Tables}/Products/Rows/5");
        var again = await client.DeleteAsync($"{Tables}/Products/Rows/5");
        var readOnly = await client.DeleteAsync($"{Tables}/{regions}/Rows/1");

        deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        await again.ShouldBeProblemAsync(HttpStatusCode.NotFound, "Table row not found.");
        await readOnly.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "The table is read-only.");
    }

    [Fact]
    public async Task Count_segment_and_unicode_case_functions_work_on_odata4()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        await client.PostJsonAsync(TableSeedFixture.Root + "/Products", new { Sku = "É-1", Name = "ÉCOLE Größe" });

        var count = await client.GetStringAsync(TableSeedFixture.Root + "/Products/$count?$filter=" + Uri.EscapeDataString("tolower(Name) eq 'école größe' or Quantity eq null"));
        var upper = await client.QueryAsync("Products", ("$filter", "toupper(Sku) eq 'É-1'"), ("$select", "Sku"));

        count.Should().Be("31");
        upper["value"]!.AsArray().Should().ContainSingle();
    }

    private static async Task<string> RegionsIdAsync(HttpClient client)
    {
        var list = await (await client.GetAsync($"{Tables}?$select=id,name")).ShouldBeJsonAsync(HttpStatusCode.OK);
        return list["value"]!.AsArray().Single(t => t!["name"]!.GetValue<string>() == "Regions")!["id"]!.GetValue<string>();
    }
}
