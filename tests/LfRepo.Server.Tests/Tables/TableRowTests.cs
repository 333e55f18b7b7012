using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Tables;

/// <summary>
/// Writes, READONLY and ReplaceAllRowsAsync against the built-in tables. Tests that change rows start their own
/// server; those whose requests must change nothing share one, which also checks that they did not.
/// </summary>
[Trait("Engine", "Both")]
public sealed class TableRowTests(DefaultTablesFixture shared) : IClassFixture<DefaultTablesFixture>
{
    private const string Products = TableSeedFixture.Root + "/Products";

    [Fact]
    public async Task The_default_seed_serves_products_with_every_column_type_and_a_readonly_table()
    {
        var client = shared.Client;

        var products = await client.QueryAsync("Products", ("$count", "true"), ("$top", "1"));
        var regions = await client.QueryAsync("Regions", ("$count", "true"));

        products["@odata.count"]!.GetValue<int>().Should().Be(300);
        products["value"]![0]!.Relaxed().Should().Be(
            """{"_key":"1","Sku":"SKU-00001","Name":"Standard Stapler 1","Category":"Software","Price":37.99,"Quantity":13,"InStock":true,"ReleasedOn":"2020-01-06T00:00:00.000Z","UpdatedAt":"2020-02-05T00:17:00.000Z","Attributes":"{\"color\":\"white\",\"weight\":2}"}""");
        regions["@odata.count"]!.GetValue<int>().Should().Be(6);
    }

    [Fact]
    public async Task Post_inserts_a_row_with_the_next_key_and_answers_it_with_its_location()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var response = await client.PostJsonAsync(Products, new { Sku = "NEW-1", Price = 5.5, InStock = false, ReleasedOn = "2024-05-01T10:00:00+02:00", Attributes = new { a = 1 } });

        var row = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        response.Headers.Location!.ToString().Should().Be("http://localhost/odata4/table/Products('301')");
        row["@odata.context"]!.GetValue<string>().Should().EndWith("#Products/$entity");
        row["_key"]!.GetValue<string>().Should().Be("301");
        row["ReleasedOn"]!.GetValue<string>().Should().Be("2024-05-01T08:00:00.000Z");
        row["Attributes"]!.GetValue<string>().Should().Be("""{"a":1}""");
        row["Quantity"].Should().BeNull();
        var read = await (await client.GetAsync(Products + "('301')")).ShouldBeJsonAsync(HttpStatusCode.OK);
        read["Sku"]!.GetValue<string>().Should().Be("NEW-1");
    }

    [Fact]
    public async Task Keys_with_spaces_and_quotes_round_trip_through_the_location()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var created = await client.PostJsonAsync(Products, new Dictionary<string, object> { ["_key"] = "a b's", ["Sku"] = "Q" });
        await created.ShouldBeJsonAsync(HttpStatusCode.Created);
        var location = created.Headers.Location!.OriginalString;
        var read = await (await client.GetAsync(location)).ShouldBeJsonAsync(HttpStatusCode.OK);
        var byLiteral = await (await client.GetAsync(Products + "('a b''s')")).ShouldBeJsonAsync(HttpStatusCode.OK);

        location.Should().Be("http://localhost/odata4/table/Products('a%20b%27%27s')");
        read["_key"]!.GetValue<string>().Should().Be("a b's");
        byLiteral["Sku"]!.GetValue<string>().Should().Be("Q");
    }

    [Fact]
    public async Task A_row_takes_select_only()
    {
        var client = shared.Client;

        var response = await client.GetAsync(Products + "('1')?$filter=Quantity gt 1");

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid OData query option."))["detail"]!.GetValue<string>().Should().Contain("$filter");
    }

    [Fact]
    public async Task Post_with_a_taken_key_is_a_409()
    {
        var client = shared.Client;

        var response = await client.PostJsonAsync(Products, new Dictionary<string, object> { ["_key"] = "7", ["Sku"] = "X" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "Table row key conflicts.");
        problem["detail"]!.GetValue<string>().Should().Contain("'7'");
    }

    [Theory]
    [InlineData("""{"Nope":1}""", "no column 'Nope'")]
    [InlineData("""{"Quantity":"many"}""", "Quantity")]
    [InlineData("""{"Quantity":1.5}""", "Quantity")]
    [InlineData("""{"Price":"cheap"}""", "Price")]
    [InlineData("""{"InStock":"yes"}""", "InStock")]
    [InlineData("""{"ReleasedOn":"not a date"}""", "ReleasedOn")]
    [InlineData("""{"Attributes":"{not json"}""", "Attributes")]
    [InlineData("""{"Sku":"ABCDEFGHIJKLMNOPQ"}""", "at most 16")]
    [InlineData("""[1,2]""", "JSON object")]
    [InlineData("""{"Sku":""", "not valid JSON")]
    public async Task A_value_of_the_wrong_type_is_a_400_naming_the_column(string body, string mentioned)
    {
        var client = shared.Client;

        var response = await client.PostAsync(Products, new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid table row.");
        problem["detail"]!.GetValue<string>().Should().Contain(mentioned);
    }

    [Fact]
    public async Task A_row_deleted_between_pages_does_not_make_the_next_page_skip_one()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, Products + "?$select=_key&$filter=" + Uri.EscapeDataString("Price gt 0"));
        request.Headers.Add("Prefer", "odata.maxpagesize=100");

        var first = await (await client.SendAsync(request)).ShouldBeJsonAsync(HttpStatusCode.OK);
        (await client.DeleteAsync(Products + "('1')")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var second = await (await client.GetAsync(first["@odata.nextLink"]!.GetValue<string>())).ShouldBeJsonAsync(HttpStatusCode.OK);

        first.Keys().Last().Should().Be("100");
        second.Keys().First().Should().Be("101", "the next page starts after the last row served, not at an offset");
        second.Keys().Should().HaveCount(100);
    }

    [Fact]
    public async Task Patch_changes_the_named_columns_and_put_replaces_the_row()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var patched = await client.PatchJsonAsync(Products + "('2')", new { Quantity = 7, Name = "Renamed" });
        var afterPatch = await (await client.GetAsync(Products + "('2')")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var put = await client.PutAsJsonAsync(Products + "('2')", new { Sku = "ONLY" });
        var afterPut = await (await client.GetAsync(Products + "('2')")).ShouldBeJsonAsync(HttpStatusCode.OK);

        patched.StatusCode.Should().Be(HttpStatusCode.NoContent);
        afterPatch["Quantity"]!.GetValue<int>().Should().Be(7);
        afterPatch["Name"]!.GetValue<string>().Should().Be("Renamed");
        afterPatch["Sku"]!.GetValue<string>().Should().Be("SKU-00002");
        put.StatusCode.Should().Be(HttpStatusCode.NoContent);
        afterPut["Sku"]!.GetValue<string>().Should().Be("ONLY");
        afterPut["Name"].Should().BeNull();
        afterPut["Price"].Should().BeNull();
    }

    [Fact]
    public async Task Patch_cannot_change_the_key_or_reach_a_missing_row()
    {
        var client = shared.Client;

        var rekey = await client.PatchJsonAsync(Products + "('2')", new Dictionary<string, object> { ["_key"] = "3" });
        var missing = await client.PatchJsonAsync(Products + "('999')", new { Quantity = 1 });
        var collection = await client.PatchJsonAsync(Products, new { Quantity = 1 });

        (await rekey.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid table row."))["detail"]!.GetValue<string>().Should().Contain("_key");
        await missing.ShouldBeProblemAsync(HttpStatusCode.NotFound, "Table row not found.");
        await collection.ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Delete_removes_the_row_once()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var first = await client.DeleteAsync(Products + "('3')");
        var second = await client.DeleteAsync(Products + "('3')");

        first.StatusCode.Should().Be(HttpStatusCode.NoContent);
        await second.ShouldBeProblemAsync(HttpStatusCode.NotFound, "Table row not found.");
        await (await client.GetAsync(Products + "('3')")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_readonly_table_refuses_every_write_but_answers_reads()
    {
        var client = shared.Client;
        const string regions = TableSeedFixture.Root + "/Regions";

        var responses = new[]
        {
            await client.PostJsonAsync(regions, new { Code = "XX" }),
            await client.PatchJsonAsync(regions + "('1')", new { Offices = 1 }),
            await client.PutAsJsonAsync(regions + "('1')", new { Offices = 1 }),
            await client.DeleteAsync(regions + "('1')"),
            await client.PostAsync(regions + "/ReplaceAllRowsAsync", Csv("Code\nZZ\n")),
        };

        foreach (var response in responses)
        {
            (await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "The table is read-only."))["detail"]!.GetValue<string>().Should().Contain("READONLY");
        }
        (await client.QueryAsync("Regions")).Keys().Should().HaveCount(6);
    }

    [Fact]
    public async Task ReplaceAllRowsAsync_replaces_every_row_from_a_multipart_csv_as_a_task()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var taskId = await StartReplaceAsync(client, "Sku,Price,Quantity,Name\nA-1,1.5,3,\"Comma, quoted\"\nA-2,2.5,,\"Line\nbreak\"\n");
        var task = await WaitForTableTaskAsync(client, taskId);

        task["Status"]!.GetValue<string>().Should().Be("Completed");
        task["PercentComplete"]!.GetValue<int>().Should().Be(100);
        task["Errors"]!.AsArray().Should().BeEmpty();
        task["Result"]!["RowCount"]!.GetValue<int>().Should().Be(2);
        var rows = await client.QueryAsync("Products", ("$select", "_key,Sku,Quantity,Name"));
        rows["value"]!.Relaxed().Should().Be(
            """[{"_key":"1","Sku":"A-1","Quantity":3,"Name":"Comma, quoted"},{"_key":"2","Sku":"A-2","Quantity":null,"Name":"Line\nbreak"}]""");
    }

    [Theory]
    [InlineData("Sku,Price\nB-1,1.5\nB-2,abc\n", "Line 3")]
    [InlineData("Sku,Nope\nB-1,1\n", "Nope")]
    [InlineData("Sku,Price\nB-1,1.5,9\n", "Line 2")]
    [InlineData("Sku,Price\n\"B-1,1.5\n", "not closed")]
    [InlineData("_key,Sku\n1,A\n1,B\n", "more than once")]
    [InlineData("", "empty")]
    public async Task A_malformed_csv_fails_the_task_and_changes_nothing(string csv, string mentioned)
    {
        var client = shared.Client;

        var taskId = await StartReplaceAsync(client, csv);
        var task = await WaitForTableTaskAsync(client, taskId);

        task["Status"]!.GetValue<string>().Should().Be("Failed");
        var error = task["Errors"]!.AsArray().Single()!;
        error["title"]!.GetValue<string>().Should().Be("Invalid table CSV.");
        error["detail"]!.GetValue<string>().Should().Contain(mentioned);
        var products = await client.QueryAsync("Products", ("$count", "true"), ("$top", "1"));
        products["@odata.count"]!.GetValue<int>().Should().Be(300);
        products["value"]![0]!["Sku"]!.GetValue<string>().Should().Be("SKU-00001");
    }

    [Fact]
    public async Task ReplaceAllRowsAsync_without_a_file_is_a_400_on_a_missing_table_a_404_and_an_unknown_task_too()
    {
        var client = shared.Client;
        using var noFile = new MultipartFormDataContent { { new StringContent("x"), "note" } };
        (await (await client.PostAsync(Products + "/ReplaceAllRowsAsync", noFile)).ShouldBeProblemAsync(HttpStatusCode.BadRequest))["detail"]!
            .GetValue<string>().Should().Contain("no file");

        await (await client.PostAsync(TableSeedFixture.Root + "/Nope/ReplaceAllRowsAsync", Csv("A\n1\n"))).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Table not found.");
        await (await client.GetAsync("/odata4/general/Tasks(nope)")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Task not found.");
    }

    private static MultipartFormDataContent Csv(string csv)
    {
        var content = new MultipartFormDataContent();
        var file = new StringContent(csv, Encoding.UTF8);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", "table.csv");
        return content;
    }

    private static async Task<string> StartReplaceAsync(HttpClient client, string csv)
    {
        var response = await client.PostAsync(Products + "/ReplaceAllRowsAsync", Csv(csv));
        var body = await response.ShouldBeJsonAsync(HttpStatusCode.Accepted);
        var taskId = body["taskId"]!.GetValue<string>();
        response.Headers.Location!.ToString().Should().Be($"http://localhost/odata4/general/Tasks({taskId})");
        return taskId;
    }

    private static async Task<JsonObject> WaitForTableTaskAsync(HttpClient client, string taskId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var task = await (await client.GetAsync($"/odata4/general/Tasks({taskId})")).ShouldBeJsonAsync(HttpStatusCode.OK);
            task["Id"]!.GetValue<string>().Should().Be(taskId);
            if (task["Status"]!.GetValue<string>() is "Completed" or "Failed" || DateTime.UtcNow > deadline)
            {
                return task;
            }
            await Task.Delay(20);
        }
    }
}

/// <summary>One server on the built-in tables, for tests whose requests must leave the rows as they are.</summary>
public sealed class DefaultTablesFixture : IAsyncLifetime
{
    public LfRepoApp App { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync() => Client = await App.CreateSignedInClientAsync();

    public async Task DisposeAsync() => await App.DisposeAsync();
}
