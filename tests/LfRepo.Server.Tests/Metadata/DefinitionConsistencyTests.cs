using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Metadata;
using LfRepo.Server.Tests.Documents;
using LfRepo.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LfRepo.Server.Tests.Metadata;

/// <summary>Field values never outlive the definition they were checked against.</summary>
[Trait("Engine", "Both")]
public sealed class DefinitionConsistencyTests
{
    private const string Fields = LfRepoApp.V2 + "/FieldDefinitions";

    [Fact]
    public async Task A_SetFields_racing_a_type_change_is_either_converted_by_it_or_refused_by_the_new_type()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = (await client.CreateFolderAsync(1, "Racing")).Id();

        for (var round = 0; round < 25; round++)
        {
            var name = $"Race{round}";
            var field = (await client.CreateFieldAsync(new { name, fieldType = "String", length = 20 })).Id();

            var set = client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder}/Fields", new { fields = new[] { new { name, values = new[] { "not a number" } } } });
            var change = client.PostAsJsonAsync($"{Fields}/{field}/ChangeType", new { newFieldType = "ShortInteger", allowDataLoss = true });
            var (setResponse, changeResponse) = (await set, await change);

            changeResponse.StatusCode.Should().Be(HttpStatusCode.OK);
            setResponse.StatusCode.Should().BeOneOf(HttpStatusCode.OK, HttpStatusCode.BadRequest);
            (await client.FieldValuesAsync(folder, name)).Should().BeEmpty(
                $"round {round}: a ShortInteger field holds no text; SetFields answered {(int)setResponse.StatusCode}");
        }
    }

    [Fact]
    public async Task Field_values_wait_while_a_definition_change_is_under_way_and_are_then_checked_against_its_result()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = (await client.CreateFolderAsync(1, "Waiting")).Id();
        await client.CreateFieldAsync(new { name = "Waited", fieldType = "String", length = 20 });
        var gate = app.Services.GetRequiredService<DefinitionGate>();

        Task<HttpResponseMessage> set;
        await using (await gate.HoldForDefinitionsAsync(CancellationToken.None))
        {
            set = client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder}/Fields", new { fields = new[] { new { name = "Waited", values = new[] { "later" } } } });
            (await Task.WhenAny(set, Task.Delay(TimeSpan.FromMilliseconds(750)))).Should().NotBeSameAs(set, "SetFields may not check values against definitions that are being changed");
        }

        (await set).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.FieldValuesAsync(folder, "Waited")).Should().Equal("later");
    }

    [Fact]
    public async Task UndoCheckOut_puts_values_back_in_the_fields_present_form_and_leaves_out_what_it_can_no_longer_hold()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var id = await client.CreateTextDocumentAsync("Checked", "text");
        var code = (await client.CreateFieldAsync(new { name = "Code", fieldType = "String", length = 20 })).Id();
        var count = (await client.CreateFieldAsync(new { name = "Count", fieldType = "ShortInteger" })).Id();
        await client.SetValuesAsync(id, ("Code", ["abc"]), ("Count", ["7"]));
        await client.PostDocumentAsync(id, "VersionControl");
        await client.PostDocumentAsync(id, "CheckOut");

        await (await client.PostAsJsonAsync($"{Fields}/{code}/ChangeType", new { newFieldType = "ShortInteger", allowDataLoss = true })).ShouldBeJsonAsync(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync($"{Fields}/{count}/ChangeType", new { newFieldType = "Number" })).ShouldBeJsonAsync(HttpStatusCode.OK);
        (await client.FieldValuesAsync(id, "Code")).Should().BeEmpty("the type change dropped the text");

        await client.PostDocumentAsync(id, "UndoCheckOut");

        (await client.FieldValuesAsync(id, "Code")).Should().BeEmpty("the check-out's copy of a value the field can no longer hold stays out");
        var countValues = await client.FieldValuesAsync(id, "Count");
        countValues.Should().ContainSingle();
        var expected = await client.FieldValuesAsync(await CopyWithCountAsync(client), "Count");
        countValues.Should().Equal(expected, "the value comes back in the Number form the type change gave every other value");
    }

    /// <summary>A folder given Count=7 after Count became a Number: the form a Number field stores.</summary>
    private static async Task<int> CopyWithCountAsync(HttpClient client)
    {
        var folder = (await client.CreateFolderAsync(1, "Reference")).Id();
        await client.SetValuesAsync(folder, ("Count", ["7"]));
        return folder;
    }
}
