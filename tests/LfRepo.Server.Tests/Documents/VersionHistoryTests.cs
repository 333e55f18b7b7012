using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LfRepo.Server.Documents;
using LfRepo.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LfRepo.Server.Tests.Documents;

/// <summary>Version rows behind currentVersion, and the metadata writes a check-out holds for its check-in or undo.</summary>
[Trait("Engine", "Both")]
public sealed class VersionHistoryTests
{
    [Fact]
    public async Task Every_version_currentVersion_counts_is_a_row_with_its_maker_time_and_check_out_comment()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var user1 = await app.CreateSecondUserClientAsync();
        var id = await admin.CreateTextDocumentAsync("History", "v1");
        var start = app.Clock.GetUtcNow().UtcTicks;

        await admin.PostDocumentAsync(id, "VersionControl");
        await admin.PostDocumentAsync(id, "VersionControl");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await user1.PostDocumentAsync(id, "CheckOut", new { comment = "fixing the totals" });
        await user1.CreatePagesAsync(id, textPages: ["v2"]);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await user1.PostDocumentAsync(id, "CheckIn");
        await admin.PostDocumentAsync(id, "CheckOut", new { comment = "abandoned" });
        await admin.CreatePagesAsync(id, textPages: ["never"]);
        await admin.PostDocumentAsync(id, "UndoCheckOut");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var written = await admin.CreatePagesAsync(id, textPages: ["v3"]);

        written["currentVersion"]!.GetValue<int>().Should().Be(3);
        var versions = await VersionsAsync(app, id);
        versions.Select(v => (v.Version, v.CreatedBy, v.CreatedTicks, v.Comment)).Should().Equal(
            (1, "admin", start, (string?)null),
            (2, "user1", start + TimeSpan.FromMinutes(2).Ticks, "fixing the totals"),
            (3, "admin", start + TimeSpan.FromMinutes(3).Ticks, null));
    }

    [Fact]
    public async Task Deleting_a_document_removes_its_versions()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var id = await client.CreateTextDocumentAsync("Gone", "text");
        await client.PostDocumentAsync(id, "VersionControl");
        (await VersionsAsync(app, id)).Should().ContainSingle();

        var taskId = await client.StartDeleteAsync(id);
        (await client.WaitForTaskAsync(taskId)).Str("status").Should().Be("Completed");

        (await VersionsAsync(app, id)).Should().BeEmpty();
        await app.ShouldHaveASoundStoreAsync();
    }

    [Fact]
    public async Task Metadata_writes_while_checked_out_are_undone_by_UndoCheckOut_and_kept_by_CheckIn()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var id = await client.CreateTextDocumentAsync("Metadata", "text");
        var other = await client.CreateFolderAsync(1, "Other");
        await client.SetTemplateAsync(id, "General", "Text", "before");
        await (await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{id}/Tags", new { tags = new[] { "Reviewed" } })).ShouldBeJsonAsync(HttpStatusCode.OK);
        await client.PostDocumentAsync(id, "VersionControl");

        async Task EditMetadataAsync()
        {
            await (await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{id}/Tags", new { tags = new[] { "Needs Attention" } })).ShouldBeJsonAsync(HttpStatusCode.OK);
            await (await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{id}/Links", new { links = new[] { new { linkDefinitionId = 1, otherEntryId = other.Id() } } }))
                .ShouldBeJsonAsync(HttpStatusCode.OK);
            await (await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{id}/Fields", new { fields = new[] { new { name = "Text", values = new[] { "after" } } } }))
                .ShouldBeJsonAsync(HttpStatusCode.OK);
        }

        await client.PostDocumentAsync(id, "CheckOut");
        await EditMetadataAsync();
        await (await client.DeleteAsync($"{LfRepoApp.V2}/Entries/{id}/Template")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var undone = await client.PostDocumentAsync(id, "UndoCheckOut");

        undone["currentVersion"]!.GetValue<int>().Should().Be(1);
        undone.Str("templateName").Should().Be("General");
        (await NamesAsync(client, id, "Tags")).Should().Equal("Reviewed");
        (await ValuesAsync(client, $"{LfRepoApp.V2}/Entries/{id}/Links")).Should().BeEmpty();
        (await TextFieldAsync(client, id)).Should().Be("before");

        await client.PostDocumentAsync(id, "CheckOut");
        await EditMetadataAsync();
        var checkedIn = await client.PostDocumentAsync(id, "CheckIn");

        checkedIn["currentVersion"]!.GetValue<int>().Should().Be(2);
        (await NamesAsync(client, id, "Tags")).Should().Equal("Needs Attention");
        (await ValuesAsync(client, $"{LfRepoApp.V2}/Entries/{id}/Links")).Should().ContainSingle().Which!["targetId"]!.GetValue<int>().Should().Be(other.Id());
        (await TextFieldAsync(client, id)).Should().Be("after");
        (await VersionsAsync(app, id)).Select(v => v.Version).Should().Equal(1, 2);
    }

    private static async Task<IReadOnlyList<DocumentVersionRecord>> VersionsAsync(LfRepoApp app, int id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<VersionControl>().ListVersionsAsync(id, CancellationToken.None);
    }

    private static async Task<JsonArray> ValuesAsync(HttpClient client, string url) =>
        (await (await client.GetAsync(url)).ShouldBeJsonAsync(HttpStatusCode.OK))["value"]!.AsArray();

    private static async Task<List<string>> NamesAsync(HttpClient client, int id, string what) =>
        [.. (await ValuesAsync(client, $"{LfRepoApp.V2}/Entries/{id}/{what}")).Select(t => t!["name"]!.GetValue<string>())];

    private static async Task<string> TextFieldAsync(HttpClient client, int id) =>
        (await ValuesAsync(client, $"{LfRepoApp.V2}/Entries/{id}/Fields")).Single(f => f!["name"]!.GetValue<string>() == "Text")!["values"]![0]!.GetValue<string>();
}
