using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Storage;
using LfRepo.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LfRepo.Server.Tests.Metadata;

/// <summary>
/// Two server processes on one store: definitions, definition rights and users that one process changes, the other
/// uses at its next request (each keeps them in memory).
/// </summary>
[Trait("Engine", "Both")]
public sealed class CrossProcessDefinitionTests : SharedStoreTest
{
    private static readonly (string, string)[] Settings = [("LfRepo:Tasks:HeartbeatMilliseconds", "50")];

    [Fact]
    public async Task A_field_and_a_template_made_through_one_process_are_used_through_the_other_at_once()
    {
        await using var a = new LfRepoApp(Settings) { DataDir = DataDir };
        var clientA = await a.CreateSignedInClientAsync();
        await using var b = new LfRepoApp(Settings) { SharesStoreWith = a };
        var clientB = await b.CreateSignedInClientAsync();
        await WaitUntilAsync(() => a.Services.GetRequiredService<StorePeers>().Shared);

        var field = (await clientA.CreateFieldAsync(new { name = "Across", fieldType = "String", length = 40 })).Id();
        (await clientB.GetJsonAsync($"{LfRepoApp.V2}/FieldDefinitions/{field}")).Str("name").Should().Be("Across");
        var template = (await clientA.CreateTemplateAsync(new { name = "AcrossTemplate", fields = new[] { new { fieldName = "Across", isRequired = true } } })).Id();
        (await clientB.TemplateFieldNamesAsync(template)).Should().Equal(["Across"], "B reads the template A made");

        var entry = (await clientB.CreateFolderAsync(1, "Holder")).Id();
        await clientB.SetValuesAsync(entry, ("Across", ["set through B"]));
        (await clientA.FieldValuesAsync(entry, "Across")).Should().Equal(["set through B"]);

        await (await clientB.PatchJsonAsync($"{LfRepoApp.V2}/FieldDefinitions/{field}", new { name = "Renamed" })).ShouldBeJsonAsync(HttpStatusCode.OK);
        (await clientA.GetJsonAsync($"{LfRepoApp.V2}/FieldDefinitions/{field}")).Str("name").Should().Be("Renamed");
        (await clientA.FieldValuesAsync(entry, "Renamed")).Should().Equal(["set through B"]);
    }

    [Fact]
    public async Task A_user_added_through_one_process_signs_in_through_the_other()
    {
        await using var a = new LfRepoApp(Settings) { DataDir = DataDir };
        var clientA = await a.CreateSignedInClientAsync();
        await using var b = new LfRepoApp(Settings) { SharesStoreWith = a };
        await b.CreateSignedInClientAsync();
        await WaitUntilAsync(() => a.Services.GetRequiredService<StorePeers>().Shared);

        (await clientA.PostAsJsonAsync("/_emulator/users", new { name = "newcomer", password = "pw-newcomer", groups = new[] { "Users" } }))
            .StatusCode.Should().BeOneOf(HttpStatusCode.OK, HttpStatusCode.Created);
        var newcomer = await b.CreateSignedInClientAsync("newcomer", "pw-newcomer");
        (await newcomer.GetEntryAsync(1)).Str("name").Should().NotBeNull("B knows the user A added");
    }
}
