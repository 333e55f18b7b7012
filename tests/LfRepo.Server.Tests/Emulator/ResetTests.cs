using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Tests.Documents;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Emulator;

[Trait("Engine", "Both")]
public sealed class ResetTests
{
    [Fact]
    public async Task Reset_returns_entries_content_tasks_and_tables_to_the_seed_and_keeps_tokens()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "Work");
        var document = await client.ImportAsync(folder.Id(), [1, 2, 3], "a.bin", new { name = "a" }, "application/octet-stream");
        var taskId = await client.StartCopyAsync(1, folder.Id(), "Work copy");
        await client.WaitForTaskAsync(taskId);
        (await client.DeleteAsync("/odata4/table/Products('1')")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        await client.ResetAsync();

        (await client.ChildrenAsync(1)).Should().BeEmpty();
        await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{document.Id()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Entry not found.");
        (await client.GetAsync($"{LfRepoApp.V2}/Tasks?taskIds={taskId}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await client.GetAsync("/odata4/table/Products('1')")).StatusCode.Should().Be(HttpStatusCode.OK);
        var fields = await client.GetJsonAsync($"{LfRepoApp.V2}/FieldDefinitions");
        fields["value"]!.AsArray().Should().HaveCount(16);

        var next = await client.CreateFolderAsync(1, "Again");
        next.Id().Should().Be(2, "ids start again where a fresh store starts them");
    }

    [Fact]
    public async Task Reset_with_the_empty_seed_leaves_only_the_root()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        await client.CreateFolderAsync(1, "Work");

        await client.ResetAsync("empty");

        (await client.ChildrenAsync(1)).Should().BeEmpty();
        (await client.GetJsonAsync($"{LfRepoApp.V2}/FieldDefinitions"))["value"]!.AsArray().Should().BeEmpty();
        (await client.GetJsonAsync($"{LfRepoApp.V2}/TemplateDefinitions"))["value"]!.AsArray().Should().BeEmpty();
        (await client.GetEntryAsync(1)).Str("fullPath").Should().Be("\\");

        await client.ResetAsync();
        (await client.GetJsonAsync($"{LfRepoApp.V2}/FieldDefinitions"))["value"]!.AsArray().Should().HaveCount(16);
    }

    [Fact]
    public async Task Reset_finds_text_again_only_in_documents_imported_after_it()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        await client.ImportAsync(1, "before reset walrus"u8.ToArray(), "a.txt", new { name = "before" });

        await client.ResetAsync();
        await client.ImportAsync(1, "after reset walrus"u8.ToArray(), "b.txt", new { name = "after" });

        var response = await client.PostAsJsonAsync($"{LfRepoApp.V2}/SimpleSearches", new { searchCommand = "walrus" });
        var names = (await response.ShouldBeJsonAsync(HttpStatusCode.OK))["value"]!.AsArray().Select(e => e!["name"]!.GetValue<string>());
        names.Should().Equal("after");
    }
}
