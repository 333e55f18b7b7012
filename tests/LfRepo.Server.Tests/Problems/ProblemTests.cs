using System.Net;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Problems;

public sealed class ProblemTests
{
    [Fact]
    public async Task Every_response_carries_an_X_RequestId()
    {
        await using var app = new LfRepoApp();
        var response = await app.CreateClient().GetAsync($"{LfRepoApp.Base}/v2/Repositories");

        response.Headers.GetValues("X-RequestId").Should().ContainSingle().Which.Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task Unknown_routes_are_404_problems()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        (await (await client.GetAsync($"{LfRepoApp.V2}/NoSuchThing")).ShouldBeProblemAsync(HttpStatusCode.NotFound)).Str("detail").Should().Contain("NoSuchThing");
    }

    [Fact]
    public async Task A_wrong_method_is_a_405_problem()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        await (await client.PutAsync($"{LfRepoApp.V2}/Entries/1/Folder/Children", null)).ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed);
    }

    [Theory]
    [InlineData("POST", "/Stamps", "CreateStamp")]
    public async Task Operations_not_built_yet_answer_501_naming_the_operation(string method, string path, string operationId)
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), LfRepoApp.V2 + path));

        (await response.ShouldBeProblemAsync(HttpStatusCode.NotImplemented)).Str("detail").Should().Contain(operationId);
    }

    [Fact]
    public async Task Swagger_documents_v2_with_laserfiche_operation_ids()
    {
        await using var app = new LfRepoApp();
        var client = app.CreateClient();

        var document = await (await client.GetAsync("/swagger/v2/swagger.json")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var operationIds = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => o.Value!["operationId"]?.GetValue<string>()))
            .ToList();

        operationIds.Should().Contain(["ListRepositories", "GetEntry", "GetEntryByPath", "ListEntries", "CreateEntry", "UpdateEntry"]);
        (await client.GetAsync("/swagger/index.html")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
