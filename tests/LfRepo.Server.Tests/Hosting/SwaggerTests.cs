using System.Net;
using System.Text.Json.Nodes;
using LfRepo.Server.Tests.Hardening;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Hosting;

/// <summary>The Swagger documents, built from the shared Laserfiche specs (skipped, saying why, when they are absent).</summary>
[Trait("Engine", "Both")]
public sealed class SwaggerTests
{
    private static JsonObject Operation(JsonObject document, string operationId) =>
        document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => o.Value as JsonObject))
            .Single(o => o?["operationId"]?.GetValue<string>() == operationId)!;

    private static string Ref(JsonNode? schema) => schema?["$ref"]?.GetValue<string>() ?? schema?.ToJsonString() ?? "(none)";

    [SpecsTheory]
    [InlineData("v2")]
    [InlineData("v1")]
    [InlineData("table")]
    [InlineData("_emulator")]
    public async Task Every_document_has_the_bearer_scheme_and_every_operation_but_Token_asks_for_it(string name)
    {
        await using var app = new LfRepoApp();

        var document = await (await app.CreateClient().GetAsync($"/swagger/{name}/swagger.json")).ShouldBeJsonAsync(HttpStatusCode.OK);

        var scheme = document["components"]!["securitySchemes"]!["Authorization"]!;
        scheme["type"]!.GetValue<string>().Should().Be("http");
        scheme["scheme"]!.GetValue<string>().Should().Be("bearer");
        scheme["description"]!.GetValue<string>().Should().Contain("Token operation");
        document["components"]!["securitySchemes"]!.AsObject().Should().HaveCount(1, "no OAuth flow the emulator cannot serve");
        document["servers"]![0]!["url"]!.GetValue<string>().Should().Be(name == "_emulator" ? "/" : "/LFRepositoryAPI");
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var security = operation!["security"]!.AsArray();
                if (path.EndsWith("/Token", StringComparison.Ordinal))
                {
                    security.Should().BeEmpty();
                }
                else
                {
                    security.Select(s => s!.AsObject().Single().Key).Should().Equal(["Authorization"], $"{method} {path}");
                }
            }
        }
    }

    [SpecsFact]
    public async Task GetEntry_in_v2_has_the_spec_s_schemas_OData_parameters_and_tag()
    {
        await using var app = new LfRepoApp();

        var document = await (await app.CreateClient().GetAsync("/swagger/v2/swagger.json")).ShouldBeJsonAsync(HttpStatusCode.OK);

        var getEntry = Operation(document, "GetEntry");
        Ref(getEntry["responses"]!["200"]!["content"]!["application/json"]!["schema"]).Should().Be("#/components/schemas/Entry");
        Ref(getEntry["responses"]!["404"]!["content"]!.AsObject().First().Value!["schema"]).Should().Be("#/components/schemas/ProblemDetails");
        getEntry["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Should().Equal("Entries");
        getEntry["security"]!.AsArray().Should().ContainSingle();
        document["components"]!["schemas"]!["Entry"].Should().NotBeNull();
        document["components"]!["schemas"]!["ProblemDetails"].Should().NotBeNull();
        var listEntries = Operation(document, "ListEntries");
        listEntries["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).Should().Contain(["$select", "$orderby", "$top", "$skip", "$count"]);
        Ref(listEntries["responses"]!["200"]!["content"]!["application/json"]!["schema"]).Should().Be("#/components/schemas/EntryCollectionResponse");
    }

    [SpecsFact]
    public async Task The_v1_document_holds_GetEntry_with_its_schema_and_the_Token_operation_without_security()
    {
        await using var app = new LfRepoApp();

        var document = await (await app.CreateClient().GetAsync("/swagger/v1/swagger.json")).ShouldBeJsonAsync(HttpStatusCode.OK);

        var getEntry = Operation(document, "GetEntry");
        getEntry["responses"]!["200"]!["content"]!.AsObject().First().Value!["schema"].Should().NotBeNull();
        getEntry["security"]!.AsArray().Should().ContainSingle();
        var token = document["paths"]!["/v1/Repositories/{repoId}/Token"]!["post"]!;
        token["security"]!.AsArray().Should().BeEmpty();
        token["responses"]!["200"].Should().NotBeNull();
    }

    [SpecsFact]
    public async Task The_Table_API_has_its_own_document_with_the_preview_spec_s_operations()
    {
        await using var app = new LfRepoApp();

        var document = await (await app.CreateClient().GetAsync("/swagger/table/swagger.json")).ShouldBeJsonAsync(HttpStatusCode.OK);

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        paths.Should().Contain(["/table/v1/Tables", "/table/v1/Tables/{id}", "/table/v1/Tables/{id}/Rows"]);
        paths.Should().OnlyContain(p => p.StartsWith("/table/") || p.StartsWith("/odata4/"));
        var list = document["paths"]!["/table/v1/Tables"]!["get"]!;
        list["responses"]!["200"]!["content"].Should().NotBeNull();
        (await app.CreateClient().GetStringAsync("/swagger/index.js")).Should().Contain("/swagger/table/swagger.json");
    }

    [SpecsFact]
    public async Task The_documented_Table_API_paths_answer_under_the_documented_server()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var response = await client.GetAsync("/LFRepositoryAPI/table/v1/Tables");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
