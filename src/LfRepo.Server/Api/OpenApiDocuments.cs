using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LfRepo.Server.Hosting;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.Swagger;

namespace LfRepo.Server.Api;

/// <summary>
/// The Swagger documents, built from the Laserfiche specs (Api/OpenApi, embedded): every operation LfRepo routes
/// that the spec describes is served as the spec has it — summary, tags, parameters (the OData <c>$select</c>,
/// <c>$orderby</c>, <c>$top</c> …), response schemas (<c>Entry</c>, <c>ProblemDetails</c> …) — and the operations
/// the spec does not know keep what Swashbuckle generates from their controllers. Every document has one security
/// scheme, the bearer token of the Token operation, so Swagger UI shows its Authorize button.
/// The Table API's document takes every operation of <c>table-api-preview.json</c> whatever its controllers are.
/// </summary>
public static partial class OpenApiDocuments
{
    public const string SchemeName = "Authorization";

    public const string ServerBase = "/LFRepositoryAPI";

    /// <summary>The documents and the spec files they start from; the table spec's paths sit under <c>/table</c>.</summary>
    private static readonly Dictionary<string, (string[] Specs, string PathPrefix, bool AllSpecOperations)> Specs = new(StringComparer.Ordinal)
    {
        ["v2"] = (["repository-v2-2026.json"], "", false),
        ["v1"] = (["repository-v1.json", "apiserver-token.json"], "", false),
        ["table"] = (["table-api-preview.json"], "/table", true),
    };

    private static readonly ConcurrentDictionary<string, string> Built = new(StringComparer.Ordinal);

    public const string TokenNote =
        "Get a token from the Token operation (Repository API v1 document, POST /v1/Repositories/{repoId}/Token with grant_type=password, " +
        "username admin, password admin), then paste its access_token here.";

    /// <summary>Serves <c>/swagger/{document}/swagger.json</c>, built once per document.</summary>
    public static IApplicationBuilder UseOpenApiDocuments(this IApplicationBuilder app)
    {
        var specs = FindSpecsFolder(app.ApplicationServices.GetRequiredService<IConfiguration>()[SpecsDirectoryKey]);
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path.Value ?? "";
            var match = DocumentPath().Match(path);
            if (!match.Success || !HttpMethods.IsGet(context.Request.Method))
            {
                await next(context);
                return;
            }
            var name = match.Groups[1].Value;
            var provider = context.RequestServices.GetRequiredService<ISwaggerProvider>();
            string json;
            try
            {
                json = Built.GetOrAdd(name, n => Build(n, provider, specs));
            }
            catch (UnknownSwaggerDocument)
            {
                await next(context);
                return;
            }
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(json, context.RequestAborted);
        });
        return app;
    }

    [GeneratedRegex("^/swagger/([^/]+)/swagger\\.json$")]
    private static partial Regex DocumentPath();

    /// <summary>Where the Laserfiche specs are read from; unset, they are looked for beside the repository.</summary>
    public const string SpecsDirectoryKey = "LfRepo:SpecsDirectory";

    /// <summary>
    /// The folder of the Laserfiche OpenAPI documents: <paramref name="configured"/>, or
    /// <c>../shared/reference/laserfiche/openapi</c> beside the checkout the server runs from (found by walking up to
    /// <c>LfRepo.sln</c> from the working folder and from the server's own folder). Null when neither holds them: the
    /// documents are then Swashbuckle's own, with the same security scheme.
    /// </summary>
    public static string? FindSpecsFolder(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Directory.Exists(configured) ? Path.GetFullPath(configured) : null;
        }
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "LfRepo.sln")))
                {
                    var folder = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "reference", "laserfiche", "openapi"));
                    if (Directory.Exists(folder))
                    {
                        return folder;
                    }
                    break;
                }
            }
        }
        return null;
    }

    /// <summary>The document <paramref name="name"/> as JSON text, built on the specs in <paramref name="specs"/> when they are there.</summary>
    public static string Build(string name, ISwaggerProvider provider, string? specs)
    {
        var generatedDocument = provider.GetSwagger(name);
        var generated = JsonNode.Parse(generatedDocument.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_0).GetAwaiter().GetResult())!.AsObject();
        var result = Specs.TryGetValue(name, out var spec) && specs is not null && spec.Specs.All(f => File.Exists(Path.Combine(specs, f)))
            ? Merge(generated, specs, spec.Specs, spec.PathPrefix, spec.AllSpecOperations)
            : generated;
        result["servers"] ??= new JsonArray(new JsonObject { ["url"] = "/" });
        Secure(result);
        var info = result["info"]!.AsObject();
        info["description"] = $"Served by LfRepo {CommandLine.Version}, a local emulator of the Laserfiche Repository API. {TokenNote}";
        return result.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = false });
    }

    private static JsonObject Merge(JsonObject generated, string specs, string[] specFiles, string prefix, bool allSpecOperations)
    {
        var result = LoadSpec(specs, specFiles[0]);
        foreach (var extra in specFiles.Skip(1))
        {
            var more = LoadSpec(specs, extra);
            foreach (var (path, item) in more["paths"]!.AsObject())
            {
                result["paths"]![path] = item!.DeepClone();
            }
            foreach (var (schema, body) in more["components"]?["schemas"]?.AsObject() ?? [])
            {
                result["components"]!["schemas"]![schema] ??= body!.DeepClone();
            }
        }

        var specOperations = new Dictionary<string, (string Path, JsonNode Operation)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (path, item) in result["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                specOperations[Key(method, prefix + path)] = (prefix + path, operation!);
            }
        }

        var paths = new JsonObject();
        void Add(string path, string method, JsonNode operation)
        {
            if (paths[path] is not JsonObject item)
            {
                item = new JsonObject();
                paths[path] = item;
            }
            item[method] = operation.DeepClone();
        }

        foreach (var (path, item) in generated["paths"]?.AsObject() ?? [])
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (specOperations.Remove(Key(method, path), out var described))
                {
                    Add(described.Path, method, described.Operation);
                }
                else if (operation is JsonObject)
                {
                    Add(path, method, operation);
                }
            }
        }
        if (allSpecOperations)
        {
            foreach (var (path, operation) in specOperations.Values)
            {
                Add(path, MethodOf(result, path[prefix.Length..], operation), operation);
            }
        }
        result["paths"] = paths;
        var schemas = result["components"]!["schemas"]!.AsObject();
        foreach (var (schema, body) in generated["components"]?["schemas"]?.AsObject() ?? [])
        {
            schemas[schema] ??= body!.DeepClone();
        }
        result["servers"] = new JsonArray(new JsonObject { ["url"] = ServerBase, ["description"] = "this LfRepo (also answers under /repository and at the root)" });
        return result;
    }

    private static string MethodOf(JsonObject spec, string path, JsonNode operation) =>
        spec["paths"]![path]!.AsObject().First(m => ReferenceEquals(m.Value, operation)).Key;

    /// <summary>One bearer scheme for every document; the Token operation (and /health) asks for none.</summary>
    private static void Secure(JsonObject document)
    {
        var components = document["components"] as JsonObject ?? new JsonObject();
        document["components"] = components;
        components["securitySchemes"] = new JsonObject
        {
            [SchemeName] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["description"] = TokenNote },
        };
        document["security"] = new JsonArray(new JsonObject { [SchemeName] = new JsonArray() });
        foreach (var (path, item) in document["paths"]?.AsObject() ?? [])
        {
            foreach (var (_, operation) in item!.AsObject())
            {
                if (operation is not JsonObject op)
                {
                    continue;
                }
                op["security"] = path.EndsWith("/Token", StringComparison.OrdinalIgnoreCase)
                    ? new JsonArray()
                    : new JsonArray(new JsonObject { [SchemeName] = new JsonArray() });
            }
        }
    }

    /// <summary>Method and path with parameter names left out, so <c>{repoId}</c> and <c>{repositoryId}</c> meet.</summary>
    private static string Key(string method, string path) => method.ToLowerInvariant() + " " + Parameter().Replace(path, "{}").TrimEnd('/');

    [GeneratedRegex("\\{[^}]*\\}")]
    private static partial Regex Parameter();

    private static JsonObject LoadSpec(string specs, string file)
    {
        using var stream = File.OpenRead(Path.Combine(specs, file));
        return JsonNode.Parse(stream)!.AsObject();
    }
}
