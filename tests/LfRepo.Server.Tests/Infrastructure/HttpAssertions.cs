using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace LfRepo.Server.Tests.Infrastructure;

public static class HttpAssertions
{
    private static readonly string[] ProblemMembers = ["type", "title", "status", "detail", "instance", "operationId", "errorSource", "errorCode", "traceId"];

    /// <summary>Reads a JSON object body, asserting the status first (with the body in the message when it differs).</summary>
    public static async Task<JsonObject> ShouldBeJsonAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, "the body was {0}", text);
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Asserts a ProblemDetails exactly as the Laserfiche clients expect it, and returns it.</summary>
    public static async Task<JsonObject> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? title = null)
    {
        var problem = await response.ShouldBeJsonAsync(status);
        problem.Select(p => p.Key).Should().BeSubsetOf(ProblemMembers, "a ProblemDetails carries no other members");
        problem["title"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        problem["status"]!.GetValue<int>().Should().Be((int)status);
        problem["type"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        problem["errorCode"]!.GetValue<int>().Should().NotBe(0);
        problem["errorSource"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        problem["traceId"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        problem["instance"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        var operationId = problem["operationId"]!.GetValue<string>();
        response.Headers.GetValues("X-RequestId").Should().ContainSingle().Which.Should().Be(operationId);
        if (title is not null)
        {
            problem["title"]!.GetValue<string>().Should().Be(title);
        }
        return problem;
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body);
}
