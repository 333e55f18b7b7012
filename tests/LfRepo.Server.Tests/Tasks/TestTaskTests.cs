using System.Net;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Tasks;

[Trait("Engine", "Both")]
public sealed class TestTaskTests
{
    private const string Start = $"{LfRepoApp.V2}/Tasks/StartTestTaskAsync";

    private static async Task<string> StartAsync(HttpClient client, string query)
    {
        var body = await (await client.PostAsync($"{Start}?{query}", null)).ShouldBeJsonAsync(HttpStatusCode.OK);
        return body.Str("taskId");
    }

    [Fact]
    public async Task A_test_task_takes_its_time_and_completes_without_a_uri()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var started = DateTime.UtcNow;

        var task = await client.WaitForTaskAsync(await StartAsync(client, "operationTime=300"));

        (DateTime.UtcNow - started).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(300));
        task.Str("status").Should().Be("Completed");
        task["percentComplete"]!.GetValue<int>().Should().Be(100);
        task["errors"]!.AsArray().Should().BeEmpty();
        task["result"]!["uri"].Should().BeNull();
        task.ContainsKey("taskType").Should().BeFalse("the spec's TaskType has no value for a test operation");
    }

    [Fact]
    public async Task With_hasRedirectUri_the_result_carries_a_uri()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var id = await StartAsync(client, "operationTime=0&hasRedirectUri=true");

        var task = await client.WaitForTaskAsync(id);

        task.Str("status").Should().Be("Completed");
        task["result"]!["uri"]!.GetValue<string>().Should().EndWith($"{LfRepoApp.V2}/Tasks?taskIds={id}");
    }

    [Fact]
    public async Task With_hasError_the_task_fails_with_a_problem()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var task = await client.WaitForTaskAsync(await StartAsync(client, "operationTime=50&hasError=true&hasRedirectUri=true"));

        task.Str("status").Should().Be("Failed");
        task.ContainsKey("result").Should().BeFalse();
        var problem = task["errors"]!.AsArray().Single()!.AsObject();
        problem.Str("title").Should().Be("The test task failed as requested.");
        problem.Str("detail").Should().Contain("hasError");
        problem["status"]!.GetValue<int>().Should().Be(500);
    }

    [Fact]
    public async Task A_running_test_task_reports_progress_and_can_be_cancelled()
    {
        await using var app = new LfRepoApp(("LfRepo:Tasks:LongPollSeconds", "1"));
        var client = await app.CreateSignedInClientAsync();
        var id = await StartAsync(client, "operationTime=20000");

        var running = await client.WaitForTaskAsync(id, t => t["percentComplete"]!.GetValue<int>() > 0);
        running.Str("status").Should().Be("InProgress");
        running["percentComplete"]!.GetValue<int>().Should().BeInRange(1, 99);
        (await (await client.DeleteAsync($"{LfRepoApp.V2}/Tasks?taskIds={id}")).ShouldBeJsonAsync(HttpStatusCode.OK))["value"]![0]!["result"]!.GetValue<bool>().Should().BeTrue();

        var task = await client.WaitForTaskAsync(id, TimeSpan.FromSeconds(10));
        task.Str("status").Should().Be("Cancelled");
    }

    [Theory]
    [InlineData("operationTime=-1")]
    [InlineData("operationTime=3600001")]
    [InlineData("operationTime=soon")]
    [InlineData("hasError=maybe")]
    public async Task Bad_parameters_are_a_400(string query)
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        await (await client.PostAsync($"{Start}?{query}", null)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid request.");
    }
}
