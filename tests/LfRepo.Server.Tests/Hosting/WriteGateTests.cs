using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Hosting;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Hosting;

[Trait("Engine", "Both")]
public sealed class WriteGateTests
{
    [Fact]
    public async Task Writers_get_the_gate_one_at_a_time_in_arrival_order()
    {
        using var gate = new WriteGate();
        var first = await gate.EnterAsync(CancellationToken.None);
        first.Should().NotBeNull();
        var order = new List<int>();
        var tasks = new List<Task>();
        for (var n = 1; n <= 5; n++)
        {
            var number = n;
            var entered = gate.EnterAsync(CancellationToken.None);
            tasks.Add(entered.ContinueWith(t =>
            {
                lock (order)
                {
                    order.Add(number);
                }
                t.Result!.Dispose();
            }, TaskScheduler.Default));
        }
        await Task.Delay(50);
        order.Should().BeEmpty("the first writer still holds the gate");

        first!.Dispose();
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(10));

        order.Should().Equal(1, 2, 3, 4, 5);
    }

    [Fact]
    public async Task A_writer_that_waits_too_long_is_refused()
    {
        using var gate = new WriteGate(TimeSpan.FromMilliseconds(100));
        using var held = await gate.EnterAsync(CancellationToken.None);

        var refused = await gate.EnterAsync(CancellationToken.None);

        refused.Should().BeNull();
    }

    [Theory]
    [InlineData("POST", "CreateEntry", true)]
    [InlineData("PATCH", "UpdateEntry", true)]
    [InlineData("DELETE", "StartDeleteEntry", true)]
    [InlineData("GET", "GetEntry", false)]
    [InlineData("POST", "ImportEntry", false)]
    [InlineData("POST", "CreateSimpleSearchOperation", false)]
    [InlineData("POST", null, false)]
    public void Only_store_writes_of_the_API_take_the_gate(string method, string? operationId, bool gated) =>
        WriteGate.Applies(method, operationId).Should().Be(gated);

    [Fact]
    public async Task Concurrent_creates_of_one_name_with_autoRename_all_succeed_with_distinct_names()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = (await client.CreateFolderAsync(1, "busy")).Id();

        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ =>
            client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder}/Folder/Children", new { name = "same", entryType = "Folder", autoRename = true })));

        var names = new List<string>();
        foreach (var response in responses)
        {
            names.Add((await response.ShouldBeJsonAsync(HttpStatusCode.Created)).Str("name"));
        }
        names.Should().OnlyHaveUniqueItems().And.HaveCount(24).And.Contain("same");
    }
}
