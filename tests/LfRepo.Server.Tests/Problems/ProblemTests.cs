using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using LfRepo.Server.Stamps;
using LfRepo.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.Extensions.DependencyInjection;

namespace LfRepo.Server.Tests.Problems;

[Trait("Engine", "Both")]
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

    /// <summary>
    /// An operation of the spec no controller serves answers 501 naming it. Every operation is served today, so the
    /// test takes the Stamps controller out of a test server and asks for two of its operations.
    /// </summary>
    [Theory]
    [InlineData("POST", "/Stamps", "CreateStamp")]
    [InlineData("GET", "/Stamps/7/Image", "GetStampImage")]
    public async Task An_operation_no_controller_serves_answers_501_naming_the_operation(string method, string path, string operationId)
    {
        await using var app = new LfRepoApp();
        await using var withoutStamps = app.WithWebHostBuilder(host => host.ConfigureServices(services =>
            services.AddControllers().ConfigureApplicationPartManager(parts => parts.FeatureProviders.Add(new WithoutController(typeof(StampsController))))));
        var client = withoutStamps.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LfRepoApp.RequestTokenAsync(client, "admin", "admin"));

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), LfRepoApp.V2 + path));

        (await response.ShouldBeProblemAsync(HttpStatusCode.NotImplemented, "Operation not supported by LfRepo.")).Str("detail").Should().Contain(operationId);
        (await (await app.CreateSignedInClientAsync()).SendAsync(new HttpRequestMessage(new HttpMethod(method), LfRepoApp.V2 + path)))
            .StatusCode.Should().NotBe(HttpStatusCode.NotImplemented, "with its controller the operation is served");
    }

    private sealed class WithoutController(Type controller) : IApplicationFeatureProvider<ControllerFeature>
    {
        public void PopulateFeature(IEnumerable<ApplicationPart> parts, ControllerFeature feature) =>
            feature.Controllers.Remove(controller.GetTypeInfo());
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
