using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Tables;

/// <summary>
/// Two server processes on one store share the lookup tables: rows written through one are read through the other,
/// a replace started on one is polled on the other, rows without a key get distinct numbers whichever process takes
/// them, and processes starting at once load each table once.
/// </summary>
[Trait("Engine", "Both")]
public sealed class TableCrossProcessTests : SharedStoreTest
{
    private const string Products = TableSeedFixture.Root + "/Products";

    [Fact]
    public async Task Rows_written_through_one_process_are_read_through_the_other()
    {
        await using var a = new LfRepoApp { DataDir = DataDir };
        var clientA = await a.CreateSignedInClientAsync();
        await using var b = new LfRepoApp { SharesStoreWith = a };
        var clientB = await b.CreateSignedInClientAsync();

        await (await clientA.PostJsonAsync(Products, new { _key = "X-1", Sku = "CROSS-1", InStock = true, Price = 2.5 })).ShouldBeJsonAsync(HttpStatusCode.Created);
        var read = await (await clientB.GetAsync(Products + "('X-1')")).ShouldBeJsonAsync(HttpStatusCode.OK);
        read["Sku"]!.GetValue<string>().Should().Be("CROSS-1");
        read["InStock"]!.GetValue<bool>().Should().BeTrue();
        read["Price"]!.GetValue<double>().Should().Be(2.5);

        (await clientB.PatchJsonAsync(Products + "('X-1')", new { InStock = false })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var filtered = await clientA.QueryAsync("Products", ("$filter", "Sku eq 'CROSS-1' and not InStock"));
        filtered.Keys().Should().Equal("X-1");

        (await clientA.DeleteAsync(Products + "('X-1')")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await clientB.GetAsync(Products + "('X-1')")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_replace_started_on_one_process_is_polled_on_the_other()
    {
        await using var a = new LfRepoApp(("LfRepo:Tasks:HeartbeatMilliseconds", "50")) { DataDir = DataDir };
        var clientA = await a.CreateSignedInClientAsync();
        await using var b = new LfRepoApp(("LfRepo:Tasks:HeartbeatMilliseconds", "50")) { SharesStoreWith = a };
        var clientB = await b.CreateSignedInClientAsync();
        clientB.DefaultRequestHeaders.Authorization = clientA.DefaultRequestHeaders.Authorization;

        using var csv = new StringContent("Sku,Price,InStock\nR-1,1.5,true\nR-2,2.5,false\n", Encoding.UTF8);
        csv.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var started = await (await clientA.PostAsync(Products + "/ReplaceAllRowsAsync", csv)).ShouldBeJsonAsync(HttpStatusCode.Accepted);
        var taskId = started["taskId"]!.GetValue<string>();
        JsonObject task;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        do
        {
            task = await (await clientB.GetAsync($"/odata4/general/Tasks({taskId})")).ShouldBeJsonAsync(HttpStatusCode.OK);
        }
        while (task["Status"]!.GetValue<string>() is not ("Completed" or "Failed") && DateTime.UtcNow < deadline && await Pause());

        task["Status"]!.GetValue<string>().Should().Be("Completed");
        (await clientB.QueryAsync("Products", ("$orderby", "Sku"))).Keys().Should().Equal("1", "2");
        (await clientA.QueryAsync("Products", ("$filter", "InStock"))).Keys().Should().Equal("1");
    }

    [Fact]
    public async Task Rows_without_a_key_get_distinct_numbers_over_both_processes()
    {
        await using var a = new LfRepoApp { DataDir = DataDir };
        var clientA = await a.CreateSignedInClientAsync();
        await using var b = new LfRepoApp { SharesStoreWith = a };
        var clientB = await b.CreateSignedInClientAsync();
        var before = (await clientA.QueryAsync("Products", ("$count", "true"), ("$top", "0")))["@odata.count"]!.GetValue<int>();

        var posts = Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? clientA : clientB).PostJsonAsync(Products, new { Sku = "RACE-" + i }));
        var responses = await Task.WhenAll(posts);

        responses.Select(r => r.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.Created);
        var keys = new List<string>();
        foreach (var response in responses)
        {
            keys.Add((await response.ShouldBeJsonAsync(HttpStatusCode.Created))["_key"]!.GetValue<string>());
        }
        keys.Should().OnlyHaveUniqueItems();
        (await clientB.QueryAsync("Products", ("$count", "true"), ("$top", "0")))["@odata.count"]!.GetValue<int>().Should().Be(before + 20);
    }

    [Fact]
    public async Task Processes_starting_at_once_load_each_table_once()
    {
        await using var a = new LfRepoApp { DataDir = DataDir };
        await using var b = new LfRepoApp { DataDir = DataDir };

        // PostgreSQL serves processes that start together; a SQLite file is migrated by one process before another opens it.
        var clients = TestStore.OnPostgres
            ? await Task.WhenAll(a.CreateSignedInClientAsync(), b.CreateSignedInClientAsync())
            : [await a.CreateSignedInClientAsync(), await b.CreateSignedInClientAsync()];

        foreach (var client in clients)
        {
            (await client.QueryAsync("Regions")).Keys().Should().Equal("1", "2", "3", "4", "5", "6");
            (await client.QueryAsync("Products", ("$count", "true"), ("$top", "0")))["@odata.count"]!.GetValue<int>().Should().Be(300);
        }
    }

    private static async Task<bool> Pause()
    {
        await Task.Delay(50);
        return true;
    }
}
