using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml.Linq;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Tables;

/// <summary>
/// The calls Laserfiche's lookup-tables command-line tool makes, read the way it reads them: entity sets by
/// "kind", key names from the CSDL's PropertyRef, pages by @odata.nextLink, a multipart CSV upload, and
/// TaskProgress deserialised with System.Text.Json's default (case-sensitive) options.
/// </summary>
[Trait("Engine", "Both")]
public sealed class TableCliFlowTests
{
    [Fact]
    public async Task The_lookup_tables_cli_flow_lists_describes_queries_replaces_and_monitors()
    {
        await using var app = new LfRepoApp(("LfRepo:Tables:PageSize", "25"));
        var client = await app.CreateSignedInClientAsync();

        var service = await client.GetFromJsonAsync<JsonDocument>("/odata4/table");
        var names = service!.RootElement.GetProperty("value").EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == "EntitySet").Select(e => e.GetProperty("name").GetString()).ToList();

        var metadata = XDocument.Load(await client.GetStreamAsync("/odata4/table/$metadata"));
        var schema = metadata.Descendants().First(x => x.Name.LocalName == "Schema");
        var ns = schema.GetDefaultNamespace();
        var keyNames = schema.Descendants(ns + "EntityType").ToDictionary(
            t => t.Attribute("Name")!.Value, t => t.Descendants(ns + "PropertyRef").First().Attribute("Name")!.Value);

        var rows = 0;
        var pages = 0;
        for (string? url = "odata4/table/Products?$filter=" + Uri.EscapeDataString("Category eq 'Hardware'") + "&$select=Sku"; url is not null;)
        {
            var page = await client.GetFromJsonAsync<JsonDocument>(url);
            rows += page!.RootElement.GetProperty("value").GetArrayLength();
            pages++;
            url = page.RootElement.TryGetProperty("@odata.nextLink", out var next) ? next.GetString() : null;
        }

        using var multipart = new MultipartFormDataContent("-N891KdKd7Yk");
        multipart.Headers.ContentType!.MediaType = "multipart/form-data";
        using var stream = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("Sku,Name\nZ-1,One\nZ-2,Two\nZ-3,Three\n")));
        multipart.Add(stream, "file", "table.csv");
        var started = await client.PostAsync("odata4/table/Products/ReplaceAllRowsAsync", multipart);
        started.EnsureSuccessStatusCode();
        var taskId = (await started.Content.ReadFromJsonAsync<JsonDocument>())!.RootElement.GetProperty("taskId").GetString();

        CliTaskProgress progress;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            var body = await client.GetStringAsync($"odata4/general/Tasks({Uri.EscapeDataString(taskId!)})");
            progress = JsonSerializer.Deserialize<CliTaskProgress>(body)!;
            await Task.Delay(20);
        }
        while (progress.Status is not (CliTaskStatus.Completed or CliTaskStatus.Failed) && DateTime.UtcNow < deadline);

        names.Should().Equal("Products", "Regions");
        keyNames.Should().Equal(new Dictionary<string, string> { ["Products"] = "_key", ["Regions"] = "_key" });
        rows.Should().Be(60);
        pages.Should().Be(3);
        progress.Id.Should().Be(taskId);
        progress.Status.Should().Be(CliTaskStatus.Completed);
        progress.PercentComplete.Should().Be(100);
        progress.StartTime.Should().Be(app.Clock.GetUtcNow());
        (await client.QueryAsync("Products", ("$count", "true"), ("$top", "0")))["@odata.count"]!.GetValue<int>().Should().Be(3);
    }

    private enum CliTaskStatus
    {
        NotStarted,
        InProgress,
        Completed,
        Failed,
        Cancelled,
    }

    private sealed class CliTaskProgress
    {
        public string? Id { get; set; }

        public string? Type { get; set; }

        public int PercentComplete { get; set; }

        [JsonConverter(typeof(JsonStringEnumConverter))]
        public CliTaskStatus Status { get; set; }

        public JsonElement Result { get; set; }

        public DateTimeOffset StartTime { get; set; }

        public DateTimeOffset LastUpdateTime { get; set; }
    }
}
