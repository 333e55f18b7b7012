using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LfRepo.Server.Security;
using LfRepo.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LfRepo.Server.Tests.Security;

/// <summary>Users the security tests sign in as, made through the user directory the way a control plane would.</summary>
internal static class SecurityUsers
{
    /// <summary>A user in Users and in a group denied Browse on <paramref name="deniedFolderId"/>.</summary>
    public static async Task<HttpClient> CreateDeniedUserAsync(this LfRepoApp app, HttpClient admin, int deniedFolderId)
    {
        var directory = app.Services.GetRequiredService<UserDirectory>();
        await directory.CreateGroupAsync("Contractors", "Contractors", CancellationToken.None);
        await directory.CreateUserAsync(new NewUser("temp1", "temp1", "Temp One", ["Users", "Contractors"]), CancellationToken.None);
        await admin.SetAclAsync(deniedFolderId, new { entries = new[] { Ace("Contractors", "Deny", ["Browse"], "All") } });
        return await app.CreateSignedInClientAsync("temp1");
    }

    /// <summary>A user whose only group, Readers, may browse and read everything and do nothing else.</summary>
    public static async Task<HttpClient> CreateReaderAsync(this LfRepoApp app, HttpClient admin, string[]? rights = null)
    {
        var directory = app.Services.GetRequiredService<UserDirectory>();
        await directory.CreateGroupAsync("Readers", null, CancellationToken.None);
        await directory.CreateUserAsync(new NewUser("reader", "reader", "Read Only", ["Readers"]), CancellationToken.None);
        var root = await (await admin.GetAsync($"{LfRepoApp.V2}/Entries/1/AccessControl?includeInherited=false")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var entries = root["entries"]!.AsArray().Select(e => e!.DeepClone()).ToList();
        entries.Add(System.Text.Json.JsonSerializer.SerializeToNode(Ace("Readers", "Allow", rights ?? ["Browse", "Read"], "All"))!);
        await admin.SetAclAsync(1, new { entries });
        return await app.CreateSignedInClientAsync("reader");
    }

    public static object Ace(string accountName, string type, string[] rights, string scope) =>
        new { trustee = new { accountName }, accessControlType = type, rights, scope };

    public static async Task<JsonObject> SetAclAsync(this HttpClient client, int entryId, object body) =>
        await (await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{entryId}/AccessControl", body)).ShouldBeJsonAsync(HttpStatusCode.OK);

    public static async Task<List<string>> ChildNamesAsync(this HttpClient client, int folderId) =>
        [.. (await client.ReadAllPagesAsync($"{LfRepoApp.V2}/Entries/{folderId}/Folder/Children"))
            .SelectMany(p => p["value"]!.AsArray()).Select(v => v!["name"]!.GetValue<string>())];
}
