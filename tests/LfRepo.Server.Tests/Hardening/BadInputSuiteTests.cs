using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LfRepo.Server.Storage;
using LfRepo.Server.Tests.Contract;
using LfRepo.Server.Tests.Documents;
using LfRepo.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LfRepo.Server.Tests.Hardening;

/// <summary>A fact skipped, saying why, when the shared Laserfiche specs are not beside the repository.</summary>
public sealed class SpecsFactAttribute : FactAttribute
{
    public SpecsFactAttribute()
    {
        if (BadInputSuiteTests.SpecFiles().Any(f => f.Path is null))
        {
            Skip = "The Laserfiche v1, v2 and Table specs are not under ../shared/reference/laserfiche/openapi (relative to the repository root); the bad-input suite is generated from them.";
        }
    }
}

/// <summary>A theory skipped, saying why, when the shared Laserfiche specs are not beside the repository.</summary>
public sealed class SpecsTheoryAttribute : TheoryAttribute
{
    public SpecsTheoryAttribute()
    {
        if (BadInputSuiteTests.SpecFiles().Any(f => f.Path is null))
        {
            Skip = "The Laserfiche specs are not under ../shared/reference/laserfiche/openapi (relative to the repository root); the Swagger documents are built from them.";
        }
    }
}

/// <summary>
/// Malformed requests generated from the v1, v2 and Table specs — every operation, with wrong types, missing and
/// extra members, huge and control-character strings, path tricks, overflowing ids, bad OData options and
/// headers, malformed JSON, multipart and charsets. Seeded, so every run sends the same requests. Nothing may
/// answer 500, every 4xx is a ProblemDetails, and a refused request leaves the store as it was.
/// </summary>
[Trait("Engine", "Both")]
public sealed class BadInputSuiteTests
{
    private const int Seed = 20261201;
    private const int MinimumRequests = 5000;

    private static readonly string[] IdValues = ["0", "-1", "2147483647", "2147483648", "99999999999999999999", "abc", "1.5", "1e3", " 1", "%01", "..", "%2e%2e%2f%2e%2e", "\u00e9", new string('9', 400)];
    private static readonly string[] TextValues = ["", " ", "abc", "-1", "99999999999", "true", "null", "{}", "[]", "%FF%FE", "\u0001\u0002\u001f", "..\\..\\x", "a/b", "'\"", new string('x', 10_000), "\ud83d\ude00", "*", "{LF:Name=\"a\"}"];
    private static readonly string[] ODataValues = ["", "-5", "abc", "2147483648", "name desc,,", "bogus", "name eq", "$count", "contains(", "1e400", "true", "id,,name", new string('(', 300)];
    private static readonly string[] PreferValues = ["maxpagesize=abc", "maxpagesize=-1", "maxpagesize=99999999999", "odata.maxpagesize=0", "garbage"];

    public static IEnumerable<(string Name, string? Path, string Prefix)> SpecFiles() =>
    [
        ("repository-v2-2026.json", Find("repository-v2-2026.json"), LfRepoApp.Base),
        ("repository-v1.json", Find("repository-v1.json"), LfRepoApp.Base),
        ("table-api-preview.json", Find("table-api-preview.json"), "/table"),
    ];

    private static string? Find(string file)
    {
        var path = SpecContract.SpecPath is { } v2 ? Path.Combine(Path.GetDirectoryName(v2)!, file) : null;
        return path is not null && File.Exists(path) ? path : null;
    }

    private sealed record Operation(string Method, string Path, JsonArray Parameters, JsonObject? Body, JsonObject Components);

    [SpecsFact]
    public async Task Malformed_requests_over_every_operation_get_no_500_a_problem_for_every_4xx_and_change_nothing()
    {
        var operations = SpecFiles().SelectMany(f => Load(f.Path!, f.Prefix)).ToList();
        operations.Count.Should().BeGreaterThan(190, "the v1, v2 and Table specs have about 200 operations");
        await using var app = new LfRepoApp(("LfRepo:Search:IndexIntervalSeconds", "0"), ("LfRepo:Auth:TokenRequestBurst", "100000"));
        var signedIn = await app.CreateSignedInClientAsync();
        await signedIn.CreateFolderAsync(1, "Folder");
        await signedIn.ImportAsync(1, Encoding.UTF8.GetBytes("some text"), "notes.txt", new { name = "Notes" });
        var client = app.CreateDefaultClient(new Uri("http://localhost"));
        client.DefaultRequestHeaders.Authorization = signedIn.DefaultRequestHeaders.Authorization;
        var store = app.Services.GetRequiredService<StoreConnection>();
        var random = new Random(Seed);

        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();
        var sent = 0;
        var fingerprint = await FingerprintAsync(store);
        while (sent < MinimumRequests)
        {
            foreach (var operation in operations)
            {
                using var request = Generate(operation, random);
                var shown = $"{request.Method} {request.RequestUri}";
                using var response = await client.SendAsync(request);
                sent++;
                var status = (int)response.StatusCode;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                var body = await response.Content.ReadAsStringAsync();
                if (status == 501 && body.Contains("is not supported by LfRepo yet", StringComparison.Ordinal))
                {
                    failures.Add($"501 for {Shorten(shown)}: every operation of the specs is served: {Shorten(body)}");
                }
                if (status >= 500 && status != 501)
                {
                    failures.Add($"{status} for {Shorten(shown)}: {Shorten(body)}");
                }
                else if (status >= 400 && !IsProblem(body, status) && !IsBareDownload404(request, status, body))
                {
                    failures.Add($"{status} without a ProblemDetails for {Shorten(shown)}: {Shorten(body)}");
                }
                if (status >= 400)
                {
                    var after = await FingerprintAsync(store);
                    if (after != fingerprint)
                    {
                        failures.Add($"{status} for {Shorten(shown)} changed the store: {fingerprint} → {after}");
                        fingerprint = after;
                    }
                }
                else
                {
                    if (status == 202 && JsonNode.Parse(body)?["taskId"]?.GetValue<string>() is { } taskId && request.RequestUri!.ToString().StartsWith(LfRepoApp.Base + "/v2/", StringComparison.Ordinal))
                    {
                        await signedIn.WaitForTaskAsync(taskId);
                    }
                    fingerprint = await FingerprintAsync(store);
                }
            }
        }

        sent.Should().BeGreaterThanOrEqualTo(MinimumRequests);
        failures.Should().BeEmpty();
        // The requests reach the operations' own checks, not only routing: refusals of every kind and some successes.
        statuses.GetValueOrDefault(400).Should().BeGreaterThan(500);
        statuses.GetValueOrDefault(404).Should().BeGreaterThan(100);
        statuses.Where(s => s.Key < 300).Sum(s => s.Value).Should().BeGreaterThan(100);
        await app.ShouldHaveASoundStoreAsync();
    }

    private static bool IsProblem(string body, int status)
    {
        try
        {
            return JsonNode.Parse(body) is JsonObject problem && problem["status"]?.GetValue<int>() == status && problem["title"] is not null && problem["type"] is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>A used or unknown download link is a bare 404, as the real server's storage answers (documented).</summary>
    private static bool IsBareDownload404(HttpRequestMessage request, int status, string body) =>
        status == 404 && body.Length == 0 && request.RequestUri!.ToString().Contains("/lfrepo/downloads/", StringComparison.Ordinal);

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;

    /// <summary>
    /// Every row the entry tree, metadata and content hold, reduced to a few sums (in floating point, as SQLite's
    /// TOTAL, so that the ticks do not overflow; written so that both engines read it).
    /// </summary>
    private static async Task<string> FingerprintAsync(StoreConnection store)
    {
        await using var connection = await store.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT COUNT(*) || ':' || COALESCE(SUM(CAST(Id AS DOUBLE PRECISION)), 0) || ':' || COALESCE(SUM(CAST(LastModifiedTicks AS DOUBLE PRECISION)), 0)
                    || ':' || COALESCE(SUM(CAST(length(Name) AS DOUBLE PRECISION)), 0) || ':' || COALESCE(SUM(CAST(ParentId AS DOUBLE PRECISION)), 0)
                    || ':' || COALESCE(SUM(CAST(TemplateId AS DOUBLE PRECISION)), 0) FROM Entries)
                || '|' || (SELECT COUNT(*) || ':' || COALESCE(SUM(CAST(length(Value) AS DOUBLE PRECISION)), 0) FROM EntryFields)
                || '|' || (SELECT COUNT(*) FROM EntryTags) || '|' || (SELECT COUNT(*) FROM EntryLinks)
                || '|' || (SELECT COUNT(*) FROM Pages) || '|' || (SELECT COUNT(*) FROM Edocs) || '|' || (SELECT COUNT(*) FROM Contents)
                || '|' || (SELECT COUNT(*) FROM FieldDefinitions) || '|' || (SELECT COUNT(*) FROM TemplateDefinitions)
            """;
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static IEnumerable<Operation> Load(string path, string prefix)
    {
        var spec = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var components = spec["components"]?.AsObject() ?? [];
        foreach (var (template, item) in spec["paths"]!.AsObject())
        {
            foreach (var (method, node) in item!.AsObject())
            {
                if (method is not ("get" or "post" or "put" or "patch" or "delete") || node is not JsonObject operation)
                {
                    continue;
                }
                var parameters = new JsonArray();
                foreach (var p in (item["parameters"]?.AsArray() ?? []).Concat(operation["parameters"]?.AsArray() ?? []))
                {
                    parameters.Add(Resolve(p!, components)?.DeepClone());
                }
                yield return new Operation(method.ToUpperInvariant(), prefix + template, parameters, operation["requestBody"] as JsonObject, components);
            }
        }
    }

    private static JsonNode? Resolve(JsonNode node, JsonObject components)
    {
        for (var i = 0; i < 10 && node is JsonObject o && o["$ref"]?.GetValue<string>() is { } reference; i++)
        {
            var parts = reference.TrimStart('#', '/').Split('/');
            JsonNode? target = components;
            foreach (var part in parts.Skip(1))
            {
                target = target?[part];
            }
            if (target is null)
            {
                return node;
            }
            node = target;
        }
        return node;
    }

    private static HttpRequestMessage Generate(Operation operation, Random random)
    {
        var path = operation.Path;
        var query = new List<string>();
        var request = new HttpRequestMessage(new HttpMethod(operation.Method), "/");
        foreach (var parameter in operation.Parameters.OfType<JsonObject>())
        {
            var name = parameter["name"]!.GetValue<string>();
            var location = parameter["in"]?.GetValue<string>();
            var type = parameter["schema"]?["type"]?.GetValue<string>();
            switch (location)
            {
                case "path":
                    var value = name is "repositoryId" or "repoId" ? (random.Next(8) == 0 ? Pick(random, TextValues) : LfRepoApp.RepositoryId)
                        : type is "integer" ? (random.Next(3) == 0 ? random.Next(1, 4).ToString() : Pick(random, IdValues))
                        : Pick(random, TextValues);
                    path = path.Replace("{" + name + "}", value.Length == 0 ? value : Uri.EscapeDataString(value).Replace("%25", "%", StringComparison.Ordinal));
                    break;
                case "query" when random.Next(2) == 0:
                    var text = name.StartsWith('$') ? Pick(random, ODataValues) : Pick(random, TextValues.Concat(IdValues).ToArray());
                    query.Add(Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(text));
                    break;
                case "header" when random.Next(2) == 0:
                    request.Headers.TryAddWithoutValidation(name, name.Equals("Prefer", StringComparison.OrdinalIgnoreCase) ? Pick(random, PreferValues) : Pick(random, TextValues[..12]));
                    break;
            }
        }
        if (random.Next(6) == 0)
        {
            query.Add("unknownOption=" + Uri.EscapeDataString(Pick(random, TextValues)));
        }
        request.RequestUri = new Uri(path + (query.Count > 0 ? "?" + string.Join('&', query) : ""), UriKind.Relative);
        if (operation.Body?["content"] is JsonObject content && content.Count > 0)
        {
            request.Content = Body(content, operation.Components, random);
        }
        else if (operation.Method is "POST" or "PUT" or "PATCH" && random.Next(3) == 0)
        {
            request.Content = new StringContent(Pick(random, ["{", "null", "[1,2]", "{\"x\":1}"]), Encoding.UTF8, "application/json");
        }
        return request;
    }

    private static HttpContent Body(JsonObject content, JsonObject components, Random random)
    {
        var (mediaType, media) = content.ElementAt(random.Next(content.Count));
        if (mediaType.StartsWith("multipart/", StringComparison.Ordinal))
        {
            return random.Next(4) switch
            {
                0 => new ByteArrayContent(Encoding.ASCII.GetBytes("--xyz\r\nContent-Disposition: form-data; name=\"request\"\r\n\r\n{")) { Headers = { ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz") } },
                1 => new StringContent("not multipart", Encoding.UTF8, "multipart/form-data"),
                2 => DocumentClient.ImportBody(RandomBytes(random), Pick(random, ["a.png", "b.tif", "c.txt", "../../d.pdf", "e.gif", "f.bmp", "g.pcx", "h.jpg"]), JsonSerializer.Deserialize<JsonNode>(Mutate(media?["schema"], components, random, 0).ToJsonString())!),
                _ => new MultipartFormDataContent { { new StringContent(Pick(random, TextValues)), "request" }, { new ByteArrayContent(RandomBytes(random)), "file", "x.png" } },
            };
        }
        if (mediaType.Contains("form-urlencoded", StringComparison.Ordinal))
        {
            return new FormUrlEncodedContent([new("grant_type", Pick(random, ["password", "", "client_credentials"])), new("username", Pick(random, TextValues)), new("password", Pick(random, TextValues))]);
        }
        var json = random.Next(5) switch
        {
            0 => Pick(random, ["{", "[]", "null", "123", "\"text\"", "{\"a\":}", "{\"name\":\"\\ud800\"}", "\u0000"]),
            _ => Mutate(media?["schema"], components, random, 0).ToJsonString(),
        };
        var body = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        body.Headers.TryAddWithoutValidation("Content-Type", random.Next(10) == 0 ? "application/json; charset=utf-16" : random.Next(15) == 0 ? "text/plain" : "application/json");
        return body;
    }

    /// <summary>A value for a schema: usually its shape with some members of the wrong type, missing or extra.</summary>
    private static JsonNode Mutate(JsonNode? schemaNode, JsonObject components, Random random, int depth)
    {
        var schema = schemaNode is null ? null : Resolve(schemaNode, components) as JsonObject;
        if (schema?["allOf"] is JsonArray all && all.Count > 0)
        {
            schema = Resolve(all[^1]!, components) as JsonObject;
        }
        if (depth > 3 || schema is null || random.Next(5) == 0)
        {
            return Wrong(random);
        }
        switch (schema["type"]?.GetValue<string>())
        {
            case "object" or null when schema["properties"] is JsonObject properties:
                var value = new JsonObject();
                foreach (var (name, property) in properties)
                {
                    if (random.Next(4) != 0)
                    {
                        value[name] = Mutate(property, components, random, depth + 1);
                    }
                }
                if (random.Next(4) == 0)
                {
                    value["extraMember" + random.Next(100)] = Wrong(random);
                }
                return value;
            case "array":
                return new JsonArray(Enumerable.Range(0, random.Next(4)).Select(_ => (JsonNode?)Mutate(schema["items"], components, random, depth + 1)).ToArray());
            case "integer":
                return random.Next(3) == 0 ? JsonValue.Create(random.Next(1, 5)) : Wrong(random);
            case "boolean":
                return random.Next(2) == 0 ? JsonValue.Create(true) : Wrong(random);
            default:
                return random.Next(2) == 0 ? JsonValue.Create(Pick(random, TextValues)) : Wrong(random);
        }
    }

    private static JsonNode Wrong(Random random) => random.Next(9) switch
    {
        0 => JsonValue.Create(Pick(random, TextValues)),
        1 => JsonValue.Create(long.MaxValue),
        2 => JsonValue.Create(-1),
        3 => JsonValue.Create(1.5e300),
        4 => JsonValue.Create(false),
        5 => new JsonArray(JsonValue.Create("a"), JsonValue.Create(1)),
        6 => new JsonObject { ["nested"] = JsonValue.Create("x") },
        7 => JsonValue.Create(new string('z', 100_000)),
        _ => JsonValue.Create("\u0000\u0007\u001b"),
    };

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 200)];
        random.NextBytes(bytes);
        byte[][] heads = [[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "GIF89a"u8.ToArray(), "BM"u8.ToArray(), [0x49, 0x49, 0x2A, 0x00], [0xFF, 0xD8, 0xFF], "%PDF-1.4"u8.ToArray(), []];
        return [.. heads[random.Next(heads.Length)], .. bytes];
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];
}
