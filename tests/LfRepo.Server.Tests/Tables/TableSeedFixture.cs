using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Tables;

/// <summary>
/// One server, shared by read-only query tests, serving a seed file with a small People table whose rows every
/// filter case below is worked out against, and a READONLY table.
/// </summary>
public sealed class TableSeedFixture : IAsyncLifetime
{
    public const string Root = "/odata4/table";

    public const string PeopleCsv = """"
        _key,Name,Age,Score,Active,Born,Seen,Meta
        1,Alice,30,88.5,true,1994-03-15T08:00:00Z,2024-01-01T10:00:00Z,"{""team"":""red""}"
        2,bob,25,72.25,false,1999-07-01T00:00:00Z,2024-02-10T12:30:00Z,"{""team"":""blue""}"
        3,Carol,41,95,true,1983-12-31T23:59:59Z,,
        4,Dave,,60,true,2001-01-01T00:00:00Z,2023-12-31T00:00:00Z,"{""team"":""red""}"
        5,"Eve, Jr.",19,,false,2005-06-30T12:00:00Z,2024-03-01T00:00:00Z,
        6,"Frank ""The Tank""",52,55.75,,1972-02-29T00:00:00Z,2024-01-15T08:00:00Z,
        7,alice,33,88.5,true,1991-08-08T00:00:00Z,2022-05-05T05:05:05Z,
        """";

    public const string Seed = """
        {
          "tables": [
            {
              "name": "People",
              "description": "Test people",
              "columns": [
                { "name": "Name", "type": "Text", "maximumTextLength": 20 },
                { "name": "Age", "type": "Integer" },
                { "name": "Score", "type": "Numeric" },
                { "name": "Active", "type": "Boolean" },
                { "name": "Born", "type": "DateTime" },
                { "name": "Seen", "type": "Timestamp" },
                { "name": "Meta", "type": "Json" }
              ],
              "csv": "people.csv"
            },
            {
              "name": "Codes",
              "tags": ["READONLY"],
              "columns": [ { "name": "Code", "type": "Text" } ],
              "csv": "codes.csv"
            }
          ]
        }
        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "lfrepo-tables-" + Guid.NewGuid().ToString("N"));

    public LfRepoApp App { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var seed = WriteSeed(_folder, Seed, ("people.csv", PeopleCsv), ("codes.csv", "Code\nA\nB\n"));
        App = new LfRepoApp(("LfRepo:Tables:SeedFile", seed));
        Client = await App.CreateSignedInClientAsync();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Writes a seed file and its CSV files into <paramref name="folder"/>; returns the seed file's path.</summary>
    public static string WriteSeed(string folder, string seed, params (string Name, string Content)[] files)
    {
        Directory.CreateDirectory(folder);
        foreach (var (name, content) in files)
        {
            File.WriteAllText(Path.Combine(folder, name), content);
        }
        var path = Path.Combine(folder, "tables.json");
        File.WriteAllText(path, seed);
        return path;
    }
}

public static class TableClient
{
    /// <summary>GETs a table with the given query options (escaped here) and returns the body.</summary>
    public static async Task<JsonObject> QueryAsync(this HttpClient client, string table, params (string Option, string Value)[] options)
    {
        var response = await client.GetAsync(Url(table, options));
        return await response.ShouldBeJsonAsync(System.Net.HttpStatusCode.OK);
    }

    public static string Url(string table, params (string Option, string Value)[] options) =>
        TableSeedFixture.Root + "/" + table + (options.Length == 0 ? "" : "?" + string.Join("&", options.Select(o => o.Option + "=" + Uri.EscapeDataString(o.Value))));

    public static List<string> Keys(this JsonObject body) => [.. body["value"]!.AsArray().Select(r => r!["_key"]!.GetValue<string>())];

    /// <summary>Follows @odata.nextLink to the end and returns every row.</summary>
    public static async Task<(List<JsonObject> Rows, int Pages)> ReadAllRowsAsync(this HttpClient client, string url, string? prefer = null)
    {
        var rows = new List<JsonObject>();
        var pages = 0;
        for (string? next = url; next is not null; pages++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            if (prefer is not null)
            {
                request.Headers.Add("Prefer", prefer);
            }
            var body = await (await client.SendAsync(request)).ShouldBeJsonAsync(System.Net.HttpStatusCode.OK);
            rows.AddRange(body["value"]!.AsArray().Select(r => r!.AsObject()));
            next = body["@odata.nextLink"]?.GetValue<string>();
        }
        return (rows, pages);
    }

    /// <summary>JSON text without the escaping of quotes, so expected rows read as written.</summary>
    public static string Relaxed(this JsonNode node) =>
        node.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string url, object body) =>
        client.PatchAsync(url, JsonContent.Create(body));
}
