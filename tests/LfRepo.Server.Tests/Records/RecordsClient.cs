using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Records;

internal static class RecordsClient
{
    public static string Rm(int entryId, string operation) => $"{LfRepoApp.V2}/Entries/{entryId}/RecordsManagement/{operation}";

    public static string Series(int entryId) => $"{LfRepoApp.V2}/Entries/{entryId}/RecordSeries/Properties";

    public static async Task<JsonObject> CreateSeriesAsync(this HttpClient client, int parentId, string name, string? code = null) =>
        await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/{parentId}/RecordSeries", new { name, code })).ShouldBeJsonAsync(HttpStatusCode.Created);

    public static async Task<JsonObject> PatchRmAsync(this HttpClient client, int entryId, object body) =>
        await (await client.PatchAsJsonAsync(Rm(entryId, "Properties"), body)).ShouldBeJsonAsync(HttpStatusCode.OK);

    public static async Task<JsonObject> GetRmAsync(this HttpClient client, int entryId) =>
        await (await client.GetAsync(Rm(entryId, "Properties"))).ShouldBeJsonAsync(HttpStatusCode.OK);

    public static async Task<JsonObject> SetEventAsync(this HttpClient client, int entryId, int eventId, DateTimeOffset date) =>
        await (await client.PostAsJsonAsync(Rm(entryId, "SetEvent"), new { eventId, date })).ShouldBeJsonAsync(HttpStatusCode.OK);

    public static async Task<List<int>> EligibleAsync(this HttpClient client, int entryId, string eligibleFor) =>
        [.. (await (await client.GetAsync(Rm(entryId, "EligibleRecords") + "?eligibleFor=" + eligibleFor)).ShouldBeJsonAsync(HttpStatusCode.OK))["entryIds"]!
            .AsArray().Select(i => i!.GetValue<int>())];

    public static string? Date(this JsonObject body, string member) => body[member]?.GetValue<string>();
}
