using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Tests.Documents;
using LfRepo.Server.Tests.Infrastructure;
using LfRepo.Server.Tests.Tables;

namespace LfRepo.Server.Tests.Emulator;

[Trait("Engine", "Both")]
public sealed class SnapshotTests
{
    [Fact]
    public async Task Restore_brings_back_ids_metadata_and_content_bytes()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "Kept");
        byte[] bytes = [10, 20, 30, 40, 50];
        var document = await client.ImportAsync(folder.Id(), bytes, "kept.bin", new { name = "kept" }, "application/octet-stream");
        (await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Tags", new { tags = new[] { "Confidential" } })).StatusCode.Should().Be(HttpStatusCode.OK);

        var saved = await (await client.PutAsync(ControlPlane.Root + "/snapshots/fixture-1", null)).ShouldBeJsonAsync(HttpStatusCode.Created);
        saved.Select(m => m.Key).Should().BeEquivalentTo(["name", "createdAt", "entryCount", "sizeBytes"]);
        saved.Str("name").Should().Be("fixture-1");
        saved["entryCount"]!.GetValue<long>().Should().Be(3);
        saved["sizeBytes"]!.GetValue<long>().Should().BePositive();
        DateTimeOffset.Parse(saved.Str("createdAt")).Should().Be(new DateTimeOffset(2026, 1, 15, 9, 30, 0, TimeSpan.Zero));

        await client.ResetAsync();
        await client.CreateFolderAsync(1, "After the snapshot");

        await client.PostAsync(ControlPlane.Root + "/snapshots/fixture-1/restore", null).ShouldBeNoContentAsync();

        (await client.ChildrenAsync(1)).Select(e => e!["name"]!.GetValue<string>()).Should().Equal("Kept");
        (await client.GetEntryAsync(document.Id())).Str("name").Should().Be("kept");
        var download = await client.ExportAndDownloadAsync(document.Id(), new { part = "Edoc" });
        (await download.Content.ReadAsByteArrayAsync()).Should().Equal(bytes);
        var tags = await client.GetJsonAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Tags");
        tags["value"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).Should().Equal("Confidential");
        (await client.CreateFolderAsync(1, "Next")).Id().Should().Be(document.Id() + 1);
    }

    [Fact]
    public async Task Restore_brings_back_the_lookup_tables_rows_in_their_order()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        const string products = TableSeedFixture.Root + "/Products";
        await (await client.PostJsonAsync(products, new { _key = "S-1", Sku = "SNAP", Price = 1.25, InStock = true, Quantity = 7 })).ShouldBeJsonAsync(HttpStatusCode.Created);
        (await client.DeleteAsync(products + "('2')")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var before = await client.QueryAsync("Products", ("$top", "1000"), ("$skip", "295"));

        await (await client.PutAsync(ControlPlane.Root + "/snapshots/tables-1", null)).ShouldBeJsonAsync(HttpStatusCode.Created);
        (await client.DeleteAsync(products + "('S-1')")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await client.PostJsonAsync(products, new { _key = "S-2", Sku = "AFTER" })).ShouldBeJsonAsync(HttpStatusCode.Created);
        await client.PostAsync(ControlPlane.Root + "/snapshots/tables-1/restore", null).ShouldBeNoContentAsync();

        var after = await client.QueryAsync("Products", ("$top", "1000"), ("$skip", "295"));
        after["value"]!.ToJsonString().Should().Be(before["value"]!.ToJsonString(), "the rows, their values and their order are those saved");
        after.Keys().Should().EndWith("S-1");
        (await client.QueryAsync("Products", ("$filter", "_key eq '2' or _key eq 'S-2'"))).Keys().Should().BeEmpty();
        var row = await (await client.GetAsync(products + "('S-1')")).ShouldBeJsonAsync(HttpStatusCode.OK);
        row["InStock"]!.GetValue<bool>().Should().BeTrue();
        row["Price"]!.GetValue<double>().Should().Be(1.25);
    }

    [Fact]
    public async Task Snapshots_are_listed_deleted_and_an_unknown_name_is_404()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        await client.PutAsync(ControlPlane.Root + "/snapshots/one", null);
        await client.PutAsync(ControlPlane.Root + "/snapshots/two", null);

        var list = await client.GetJsonAsync(ControlPlane.Root + "/snapshots");
        list["value"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()).Should().BeEquivalentTo(["one", "two"]);

        await client.DeleteAsync(ControlPlane.Root + "/snapshots/one").ShouldBeNoContentAsync();
        (await client.GetJsonAsync(ControlPlane.Root + "/snapshots"))["value"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()).Should().Equal("two");

        var problem = await (await client.PostAsync(ControlPlane.Root + "/snapshots/one/restore", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Snapshot not found.");
        problem.Str("detail").Should().Contain("'one'");
        await (await client.DeleteAsync(ControlPlane.Root + "/snapshots/one")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync(ControlPlane.Root + "/snapshots/one/archive")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await client.PutAsync(ControlPlane.Root + "/snapshots/..hidden", null)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_archive_starts_another_server_with_the_same_repository()
    {
        string archive = Path.Combine(Path.GetTempPath(), "lfrepo-archive-" + Guid.NewGuid().ToString("N") + ".zip");
        try
        {
            int documentId;
            byte[] bytes = [7, 7, 7, 1];
            await using (var first = new LfRepoApp())
            {
                var client = await first.CreateSignedInClientAsync();
                await client.CreateFolderAsync(1, "Shared fixture");
                documentId = (await client.ImportAsync(1, bytes, "f.bin", new { name = "fixture file" }, "application/octet-stream")).Id();
                await client.PutAsync(ControlPlane.Root + "/snapshots/team", null);
                var response = await client.GetAsync(ControlPlane.Root + "/snapshots/team/archive");
                response.StatusCode.Should().Be(HttpStatusCode.OK);
                response.Content.Headers.ContentType!.MediaType.Should().Be("application/zip");
                await File.WriteAllBytesAsync(archive, await response.Content.ReadAsByteArrayAsync());
            }

            await using var second = new LfRepoApp(("LfRepo:ControlPlane:LoadSnapshot", archive));
            var other = await second.CreateSignedInClientAsync();
            (await other.ChildrenAsync(1)).Select(e => e!["name"]!.GetValue<string>()).Should().BeEquivalentTo(["Shared fixture", "fixture file"]);
            var download = await other.ExportAndDownloadAsync(documentId, new { part = "Edoc" });
            (await download.Content.ReadAsByteArrayAsync()).Should().Equal(bytes);
            (await other.GetJsonAsync(ControlPlane.Root + "/snapshots"))["value"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()).Should().Equal("team");
        }
        finally
        {
            File.Delete(archive);
        }
    }

    [Fact]
    public async Task A_task_the_snapshot_caught_before_it_ran_ends_failed_after_the_restore()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        await client.PutAsJsonAsync(ControlPlane.Root + "/tasks/mode", new { mode = "manual" });
        var folder = await client.CreateFolderAsync(1, "Source");
        var taskId = await client.StartCopyAsync(1, folder.Id(), "Copy");
        await client.PutAsync(ControlPlane.Root + "/snapshots/held", null);

        await client.PostAsync(ControlPlane.Root + "/snapshots/held/restore", null).ShouldBeNoContentAsync();

        var task = await client.GetTaskAsync(taskId);
        task.Str("status").Should().Be("Failed");
        task["errors"]!.AsArray().Single()!["errorCode"]!.GetValue<int>().Should().Be(9706);
        (await client.GetJsonAsync(ControlPlane.Root + "/tasks/mode")).Str("mode").Should().Be("immediate");
    }
}
