using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace LfRepo.Server.Tests.Infrastructure;

/// <summary>Short forms of the entry calls the tests make again and again.</summary>
public static class EntryClient
{
    public static async Task<JsonObject> CreateFolderAsync(this HttpClient client, int parentId, string name, bool autoRename = false)
    {
        var response = await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/{parentId}/Folder/Children", new { name, entryType = "Folder", autoRename });
        return await response.ShouldBeJsonAsync(HttpStatusCode.Created);
    }

    public static async Task<JsonObject> GetEntryAsync(this HttpClient client, int id)
    {
        var response = await client.GetAsync($"{LfRepoApp.V2}/Entries/{id}");
        return await response.ShouldBeJsonAsync(HttpStatusCode.OK);
    }

    public static int Id(this JsonObject entry) => entry["id"]!.GetValue<int>();

    public static string Str(this JsonObject entry, string member) => entry[member]!.GetValue<string>();

    /// <summary>Follows @odata.nextLink from the first URL to the last page, collecting every page.</summary>
    public static async Task<List<JsonObject>> ReadAllPagesAsync(this HttpClient client, string url, string? prefer = null, int maxPages = 1000)
    {
        var pages = new List<JsonObject>();
        string? next = url;
        while (next is not null && pages.Count < maxPages)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            if (prefer is not null)
            {
                request.Headers.TryAddWithoutValidation("Prefer", prefer);
            }
            var page = await (await client.SendAsync(request)).ShouldBeJsonAsync(HttpStatusCode.OK);
            pages.Add(page);
            next = page["@odata.nextLink"]?.GetValue<string>();
        }
        return pages;
    }
}
