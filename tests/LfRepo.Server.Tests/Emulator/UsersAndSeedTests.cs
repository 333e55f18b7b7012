using System.Net;
using System.Net.Http.Json;
using System.Text;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Emulator;

[Trait("Engine", "Both")]
public sealed class UsersAndSeedTests
{
    [Fact]
    public async Task A_created_user_signs_in_and_an_administrator_may_use_the_control_plane()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var created = await (await client.PostAsJsonAsync(ControlPlane.Root + "/users",
            new { name = "ops", password = "s3cret", groups = new[] { "Operators" }, administrator = true })).ShouldBeJsonAsync(HttpStatusCode.Created);

        created.Str("name").Should().Be("ops");
        created["groups"]!.AsArray().Select(g => g!.GetValue<string>()).Should().Equal("Operators");
        created["administrator"]!.GetValue<bool>().Should().BeTrue();
        var ops = app.CreateClient();
        ops.DefaultRequestHeaders.Authorization = new("Bearer", await LfRepoApp.RequestTokenAsync(ops, "ops", "s3cret"));
        (await ops.GetAsync(ControlPlane.Root)).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync(ControlPlane.Root + "/users", new { name = "ops", password = "x" })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "The user already exists.");
        (await (await client.PostAsJsonAsync(ControlPlane.Root + "/users", new { name = "nopass" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Str("detail").Should().Contain("'password'");
    }

    [Fact]
    public async Task A_seed_document_applies_like_the_start_up_seed()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        const string seed = """
            {
              "fieldDefinitions": [ { "name": "Invoice Number", "fieldType": "String", "length": 20 } ],
              "templateDefinitions": [ { "name": "Invoice", "fields": [ "Invoice Number" ] } ],
              "folders": [ { "name": "Invoices", "folders": [ { "name": "2026" } ] } ]
            }
            """;

        await client.PostAsync(ControlPlane.Root + "/seed", new StringContent(seed, Encoding.UTF8, "application/json")).ShouldBeNoContentAsync();

        var templates = await client.GetJsonAsync($"{LfRepoApp.V2}/TemplateDefinitions");
        templates["value"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).Should().Contain("Invoice");
        var folder = await client.GetJsonAsync($"{LfRepoApp.V2}/Entries/ByPath?fullPath=%5CInvoices%5C2026");
        folder["entry"]!["name"]!.GetValue<string>().Should().Be("2026");

        var bad = await client.PostAsync(ControlPlane.Root + "/seed", new StringContent("{\"folderz\": []}", Encoding.UTF8, "application/json"));
        (await bad.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Str("detail").Should().Contain("folderz");
    }
}
