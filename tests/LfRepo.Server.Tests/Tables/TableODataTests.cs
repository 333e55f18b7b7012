using System.Net;
using System.Text;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Tables;

/// <summary>
/// The OData v4 service around the rows, served by Microsoft.AspNetCore.OData: JSON CSDL, and $batch in both of the
/// spec's formats with a GET and a POST in one batch.
/// </summary>
[Trait("Engine", "Both")]
public sealed class TableODataTests
{
    private const string Root = TableSeedFixture.Root;

    [Fact]
    public async Task Metadata_is_JSON_CSDL_when_asked_for()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var body = await (await client.GetAsync(Root + "/$metadata?$format=application/json")).ShouldBeJsonAsync(HttpStatusCode.OK);

        body["$Version"]!.GetValue<string>().Should().StartWith("4.0");
        body["$EntityContainer"]!.GetValue<string>().Should().Be("LfRepo.Tables.Container");
        var products = body["LfRepo.Tables"]!["Products"]!;
        products["$Kind"]!.GetValue<string>().Should().Be("EntityType");
        products["$Key"]!.ToJsonString().Should().Be("""["_key"]""");
        body["LfRepo.Tables"]!["Container"]!["Products"]!["$Type"]!.GetValue<string>().Should().Be("LfRepo.Tables.Products");
    }

    [Fact]
    public async Task A_multipart_batch_runs_a_GET_and_a_POST_as_the_batch_caller()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        const string batch = "--batch_1\r\n"
            + "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
            + "GET http://localhost/odata4/table/Products?$top=1&$select=Sku HTTP/1.1\r\nAccept: application/json\r\n\r\n\r\n"
            + "--batch_1\r\nContent-Type: multipart/mixed; boundary=changeset_1\r\n\r\n"
            + "--changeset_1\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: 1\r\n\r\n"
            + "POST http://localhost/odata4/table/Products HTTP/1.1\r\nContent-Type: application/json\r\n\r\n"
            + "{\"Sku\":\"BATCH-1\",\"Price\":1.5}\r\n"
            + "--changeset_1--\r\n--batch_1--\r\n";
        var content = new StringContent(batch, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/mixed; boundary=batch_1");

        var response = await client.PostAsync(Root + "/$batch", content);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("multipart/mixed");
        var text = await response.Content.ReadAsStringAsync();
        text.Should().Contain("HTTP/1.1 200 OK").And.Contain("\"Sku\":\"SKU-00001\"");
        text.Should().Contain("HTTP/1.1 201 Created").And.Contain("\"Sku\":\"BATCH-1\"");
        var stored = await client.QueryAsync("Products", ("$filter", "Sku eq 'BATCH-1'"), ("$count", "true"));
        stored["@odata.count"]!.GetValue<int>().Should().Be(1);
    }

    [Fact]
    public async Task A_JSON_batch_answers_each_request_by_its_id()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var batch = """
            {"requests":[
              {"id":"r1","method":"GET","url":"/odata4/table/Products?$top=2&$select=Sku&$count=true","headers":{"accept":"application/json"}},
              {"id":"r2","method":"POST","url":"/odata4/table/Products","headers":{"content-type":"application/json"},"body":{"Sku":"BATCH-2","Price":2}},
              {"id":"r3","method":"GET","url":"/odata4/table/Nope","headers":{"accept":"application/json"}}
            ]}
            """;

        var body = await (await client.PostAsync(Root + "/$batch", new StringContent(batch, Encoding.UTF8, "application/json"))).ShouldBeJsonAsync(HttpStatusCode.OK);

        var responses = body["responses"]!.AsArray().ToDictionary(r => r!["id"]!.GetValue<string>(), r => r!.AsObject());
        responses["r1"]["status"]!.GetValue<int>().Should().Be(200);
        responses["r1"]["body"]!["@odata.count"]!.GetValue<int>().Should().Be(300);
        responses["r1"]["body"]!["value"]!.ToJsonString().Should().Be("""[{"Sku":"SKU-00001"},{"Sku":"SKU-00002"}]""");
        responses["r2"]["status"]!.GetValue<int>().Should().Be(201);
        responses["r2"]["body"]!["Sku"]!.GetValue<string>().Should().Be("BATCH-2");
        responses["r3"]["status"]!.GetValue<int>().Should().Be(404);
        responses["r3"]["body"]!["title"]!.GetValue<string>().Should().Be("Table not found.");
    }

    [Fact]
    public async Task A_batch_needs_a_token_and_a_batch_media_type()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var anonymous = app.CreateClient();

        await (await anonymous.PostAsync(Root + "/$batch", new StringContent("""{"requests":[]}""", Encoding.UTF8, "application/json")))
            .ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.PostAsync(Root + "/$batch", new StringContent("GET Products", Encoding.UTF8, "text/plain")))
            .ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
        var broken = new StringContent("--b\r\nContent-Type: application/http\r\n\r\nNOT A REQUEST LINE\r\n\r\n--b--\r\n", Encoding.UTF8);
        broken.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/mixed; boundary=b");
        await (await client.PostAsync(Root + "/$batch", broken)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid request.");
    }
}
