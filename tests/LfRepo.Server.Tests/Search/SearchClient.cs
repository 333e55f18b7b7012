using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Search;

/// <summary>Search calls the search tests share.</summary>
internal static class SearchClient
{
    /// <summary>Starts a search task, waits for it and checks it completed; optional fuzzy settings go in the body.</summary>
    public static async Task<string> StartSearchAsync(this HttpClient client, string command, string? fuzzyType = null, int? fuzzyFactor = null)
    {
        var started = await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Searches/SearchAsync", new { searchCommand = command, fuzzyType, fuzzyFactor }))
            .ShouldBeJsonAsync(HttpStatusCode.Accepted);
        var taskId = started.Str("taskId");
        var task = await client.WaitForTaskAsync(taskId);
        task.Str("status").Should().Be("Completed");
        task.Str("taskType").Should().Be("SearchEntry");
        task["result"]!["entryId"]!.GetValue<int>().Should().Be(0);
        task["result"]!["uri"]!.GetValue<string>().Should().EndWith($"/v2/Repositories/r-emulator/Searches/{taskId}/Results");
        return taskId;
    }

    /// <summary>The names of every result of a search, in result order.</summary>
    public static async Task<List<string>> SearchNamesAsync(this HttpClient client, string command, string? fuzzyType = null, int? fuzzyFactor = null)
    {
        var taskId = await client.StartSearchAsync(command, fuzzyType, fuzzyFactor);
        return await client.ResultNamesAsync(taskId);
    }

    public static async Task<List<string>> ResultNamesAsync(this HttpClient client, string taskId, string query = "")
    {
        var pages = await client.ReadAllPagesAsync($"{LfRepoApp.V2}/Searches/{taskId}/Results{query}");
        return [.. Rows(pages).Select(r => r.Str("name"))];
    }

    public static IEnumerable<JsonObject> Rows(List<JsonObject> pages) => pages.SelectMany(p => p["value"]!.AsArray().Select(v => v!.AsObject()));

    public static async Task SetFieldsAsync(this HttpClient client, int id, params object[] fields) =>
        await (await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{id}/Fields", new { fields })).ShouldBeJsonAsync(HttpStatusCode.OK);
}
