using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Emulator;

[Trait("Engine", "Both")]
public sealed class FaultTests
{
    [Fact]
    public async Task A_fault_answers_a_laserfiche_problem_with_retry_after_and_counts_down()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var rule = await client.AddFaultAsync(new { operationId = "GetEntry", status = 503, errorCode = 4242, retryAfterSeconds = 7, times = 2 });
        rule.Str("id").Should().NotBeNullOrEmpty();
        rule.Str("operationId").Should().Be("GetEntry");
        rule["times"]!.GetValue<int>().Should().Be(2);

        for (var i = 0; i < 2; i++)
        {
            var response = await client.GetAsync($"{LfRepoApp.V2}/Entries/1");
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
            problem["errorCode"]!.GetValue<int>().Should().Be(4242);
            response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(7));
        }
        (await client.GetAsync($"{LfRepoApp.V2}/Entries/1")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetJsonAsync(ControlPlane.Root + "/faults"))["value"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task A_faulted_request_changes_nothing_in_the_store()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        await client.AddFaultAsync(new { path = $"{LfRepoApp.V2}/Entries/1/Folder/Children", method = "POST", status = 500 });

        await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/1/Folder/Children", new { name = "Never", entryType = "Folder" }))
            .ShouldBeProblemAsync(HttpStatusCode.InternalServerError);

        (await client.ChildrenAsync(1)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_rule_with_only_a_delay_serves_the_request_late()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        await client.AddFaultAsync(new { operationId = "GetEntry", delayMs = 300 });

        var started = DateTime.UtcNow;
        var response = await client.GetAsync($"{LfRepoApp.V2}/Entries/1");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (DateTime.UtcNow - started).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(290));
    }

    [Fact]
    public async Task A_rule_for_one_user_leaves_the_others_alone_and_rules_are_deleted()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var rule = await client.AddFaultAsync(new { operationId = "GetEntry", status = 429, user = "someone-else" });
        var second = await client.AddFaultAsync(new { operationId = "ListEntries", status = 400 });

        (await client.GetAsync($"{LfRepoApp.V2}/Entries/1")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetJsonAsync(ControlPlane.Root + "/faults"))["value"]!.AsArray().Should().HaveCount(2);

        await client.DeleteAsync(ControlPlane.Root + "/faults/" + rule.Str("id")).ShouldBeNoContentAsync();
        await (await client.DeleteAsync(ControlPlane.Root + "/faults/" + rule.Str("id"))).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Fault rule not found.");
        await client.DeleteAsync(ControlPlane.Root + "/faults").ShouldBeNoContentAsync();
        (await client.GetJsonAsync(ControlPlane.Root + "/faults"))["value"]!.AsArray().Should().BeEmpty();
        second.Str("id").Should().NotBe(rule.Str("id"));
    }

    [Fact]
    public async Task A_rule_with_a_probability_faults_only_some_requests()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        await client.AddFaultAsync(new { operationId = "GetEntry", status = 500, probability = 0.5 });

        var faulted = 0;
        for (var i = 0; i < 200; i++)
        {
            faulted += (await client.GetAsync($"{LfRepoApp.V2}/Entries/1")).StatusCode == HttpStatusCode.InternalServerError ? 1 : 0;
        }

        faulted.Should().BeInRange(40, 160);
    }

    [Theory]
    [InlineData("{\"status\":500}", "operationId")]
    [InlineData("{\"operationId\":\"GetEntry\",\"path\":\"/x\",\"status\":500}", "exactly one")]
    [InlineData("{\"operationId\":\"GetEntry\",\"status\":302}", "'status'")]
    [InlineData("{\"operationId\":\"GetEntry\"}", "'delayMs'")]
    [InlineData("{\"operationId\":\"GetEntry\",\"status\":500,\"probability\":1.5}", "'probability'")]
    [InlineData("{\"operationId\":\"GetEntry\",\"status\":500,\"times\":0}", "'times'")]
    public async Task A_bad_rule_is_400(string body, string mentions)
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var response = await client.PostAsync(ControlPlane.Root + "/faults", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Str("detail").Should().Contain(mentions);
    }
}
