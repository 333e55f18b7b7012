using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NJsonSchema;
using NJsonSchema.Infrastructure;
using NJsonSchema.Validation;

namespace LfRepo.Server.Tests.Contract;

/// <summary>
/// The response schemas of the Laserfiche v2 spec (and of the v1 spec, for /v1/ paths), read from the shared
/// reference folder beside the repository (never copied into it). Absent that folder, <see cref="Instance"/> is
/// null and contract checks are skipped.
/// </summary>
public sealed class SpecContract
{
    public const string SpecRelativePath = "../shared/reference/laserfiche/openapi/repository-v2-2026.json";
    public const string V1SpecRelativePath = "../shared/reference/laserfiche/openapi/repository-v1.json";

    private static readonly Lazy<SpecContract?> Loaded = new(() => Load(SpecPath));
    private static readonly Lazy<SpecContract?> LoadedV1 = new(() => Load(FindSpec(V1SpecRelativePath)));
    private readonly List<(string Method, Regex Path, JsonObject Responses)> _operations;
    private readonly JsonSchema _root;

    private SpecContract(List<(string, Regex, JsonObject)> operations, JsonSchema root)
    {
        _operations = operations;
        _root = root;
    }

    public static SpecContract? Instance => Loaded.Value;

    /// <summary>The v1 spec's contract, which /v1/ paths are checked against.</summary>
    public static SpecContract? V1 => LoadedV1.Value;

    public static string? SpecPath => FindSpec(SpecRelativePath);

    /// <summary>The contract a request path (without path base) is checked against.</summary>
    public static SpecContract? For(string path) =>
        path.StartsWith("/v1/", StringComparison.OrdinalIgnoreCase) ? V1 : Instance;

    private static string? FindSpec(string relativePath)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LfRepo.sln")))
            {
                var path = Path.GetFullPath(Path.Combine(dir.FullName, relativePath));
                return File.Exists(path) ? path : null;
            }
        }
        return null;
    }

    /// <summary>Validates one response body; returns the schema name it was checked against, or null when the spec has none for it.</summary>
    public (string? SchemaName, ICollection<ValidationError> Errors) Validate(string method, string path, int status, string body)
    {
        var operation = _operations.FirstOrDefault(o => o.Method == method && o.Path.IsMatch(path));
        if (operation.Responses is null || operation.Responses[status.ToString()] is not JsonObject response)
        {
            return (null, []);
        }
        var schema = response["content"]?.AsObject().Select(c => c.Value?["schema"]).FirstOrDefault(r => r is not null);
        if (schema?["$ref"] is null && schema?["type"]?.GetValue<string>() == "array" && schema["items"]?["$ref"]?.GetValue<string>() is { } itemReference)
        {
            // A bare array of a named schema (v1 GetRepositoryList): each item is checked against it.
            var itemName = itemReference[(itemReference.LastIndexOf('/') + 1)..];
            var items = JsonNode.Parse(body) as JsonArray;
            var itemErrors = items is null
                ? [new ValidationError(ValidationErrorKind.ArrayExpected, null, null, null, null)]
                : items.SelectMany(i => new JsonSchemaValidator().Validate(i?.ToJsonString() ?? "null", _root.Definitions[itemName], SchemaType.OpenApi3)).ToList();
            return (itemName + "[]", itemErrors);
        }
        var reference = schema?["$ref"]?.GetValue<string>();
        if (reference is null)
        {
            return (null, []);
        }
        var name = reference[(reference.LastIndexOf('/') + 1)..];
        // An Entry is checked as the subtype its entryType names, which is stricter.
        if (name == "Entry" && JsonNode.Parse(body)?["entryType"]?.GetValue<string>() is { } entryType && _root.Definitions.ContainsKey(entryType))
        {
            name = entryType;
        }
        if (name == "RecordsManagementProperties" && JsonNode.Parse(body)?["recordType"]?.GetValue<string>() is { } recordType
            && _root.Definitions.ContainsKey(recordType + "Properties"))
        {
            name = recordType + "Properties";
        }
        return (name, new JsonSchemaValidator().Validate(body, _root.Definitions[name], SchemaType.OpenApi3));
    }

    private static SpecContract? Load(string? path)
    {
        if (path is null)
        {
            return null;
        }
        var spec = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var schemas = spec["components"]!["schemas"]!.AsObject();
        foreach (var (_, schema) in schemas)
        {
            Relax(schema);
        }
        // An artefact of the TypeScript client's build: a discriminator on "entry Type" (with a space).
        var entry = schemas["Entry"]!.AsObject();
        entry.Remove("required");
        entry.Remove("discriminator");
        // The same artefact on "record Type"; the body is checked as the subtype its recordType names.
        if (schemas["RecordsManagementProperties"] is JsonObject recordsManagement)
        {
            recordsManagement.Remove("required");
            recordsManagement.Remove("discriminator");
        }

        var json = new JsonObject { ["definitions"] = schemas.DeepClone() }.ToJsonString().Replace("#/components/schemas/", "#/definitions/");
        var root = JsonSchemaSerialization.FromJsonAsync<JsonSchema>(
            json,
            SchemaType.OpenApi3,
            null,
            s => new JsonReferenceResolver(new JsonSchemaAppender(s, new DefaultTypeNameGenerator())),
            JsonSchema.CreateJsonSerializerContractResolver(SchemaType.OpenApi3),
            CancellationToken.None).GetAwaiter().GetResult();

        var operations = new List<(string, Regex, JsonObject)>();
        foreach (var (template, item) in spec["paths"]!.AsObject())
        {
            var pattern = "^" + Regex.Replace(Regex.Escape(template), @"\\\{[^}]*}", "[^/]+") + "$";
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation?["responses"] is JsonObject responses)
                {
                    operations.Add((method.ToUpperInvariant(), new Regex(pattern, RegexOptions.IgnoreCase), responses));
                }
            }
        }
        // Literal segments (ByPath) before parameters ({entryId}).
        operations.Sort((a, b) => Parameters(a.Item2).CompareTo(Parameters(b.Item2)));
        return new SpecContract(operations, root);
    }

    private static int Parameters(Regex path) => path.ToString().Split("[^/]+").Length;

    /// <summary>Strict JSON Schema reads additionalProperties:false beside allOf as "nothing matches"; open it up.</summary>
    private static void Relax(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["additionalProperties"] is JsonValue value && value.TryGetValue<bool>(out var allowed) && !allowed)
                {
                    obj["additionalProperties"] = true;
                }
                foreach (var (_, child) in obj.ToList())
                {
                    Relax(child);
                }
                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Relax(child);
                }
                break;
        }
    }
}
