using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using LfRepo.Server.Documents;
using LfRepo.Server.Entries;
using LfRepo.Server.Hosting;
using LfRepo.Server.Security;
using LfRepo.Server.Storage;

namespace LfRepo.Server.Metadata;

/// <summary>
/// A seed file: the definitions of a repository and an initial entry tree (folders, documents, their metadata and
/// links, the root's metadata). <c>--seed FILE</c> names one; without it the built-in DefaultSeed.json applies, a
/// small sample repository; <c>--seed empty</c> takes the built-in definitions and nothing but the root. Applying
/// is idempotent: definitions are matched by name (link definitions and audit reasons by id or text), entries by
/// path, so a seed can be applied at every start.
/// </summary>
public sealed record MetadataSeed
{
    public List<FieldSeed> FieldDefinitions { get; init; } = [];

    public List<TemplateSeed> TemplateDefinitions { get; init; } = [];

    public List<TagSeed> TagDefinitions { get; init; } = [];

    public List<LinkSeed> LinkDefinitions { get; init; } = [];

    public List<AuditReasonSeed> AuditReasons { get; init; } = [];

    public List<AttributeSeed> Attributes { get; init; } = [];

    /// <summary>Metadata of the root folder, set while the root has none.</summary>
    public RootSeed? Root { get; init; }

    public List<FolderSeed> Folders { get; init; } = [];

    /// <summary>Documents directly in the root folder.</summary>
    public List<DocumentSeed> Documents { get; init; } = [];

    /// <summary>The value of <c>--seed</c> that starts with the built-in definitions and an empty root.</summary>
    public const string Empty = "empty";
    public List<GroupSeed> Groups { get; init; } = [];

    public List<UserSeed> Users { get; init; } = [];

    /// <summary>Access control lists set on seeded entries (by path), each only while the entry has none.</summary>
    public List<AccessControlSeed> AccessControl { get; init; } = [];

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static MetadataSeed Parse(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<MetadataSeed>(json, JsonOptions) ?? new MetadataSeed();
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"The seed file {source} is not valid: {ex.Message}", ex);
        }
    }

    /// <summary>The built-in definitions without the sample entries.</summary>
    public static MetadataSeed LoadEmpty() => LoadDefault() with { Root = null, Folders = [], Documents = [] };

    public static MetadataSeed LoadDefault()
    {
        using var stream = typeof(MetadataSeed).Assembly.GetManifestResourceStream("LfRepo.Server.Metadata.DefaultSeed.json")
            ?? throw new InvalidOperationException("The built-in seed is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "(built-in)");
    }
}

public sealed record FieldSeed
{
    public required string Name { get; init; }

    public FieldType FieldType { get; init; }

    public int? Length { get; init; }

    public string? Description { get; init; }

    public string? DefaultValue { get; init; }

    public bool IsMultiValue { get; init; }

    public bool IsRequired { get; init; }

    public string? Constraint { get; init; }

    public string? ConstraintError { get; init; }

    public List<string>? ListValues { get; init; }

    public FieldFormat Format { get; init; }

    public string? FormatPattern { get; init; }

    public string? Currency { get; init; }
}

public sealed record TemplateSeed
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    public List<string> Fields { get; init; } = [];

    public List<FieldGroupSeed> Groups { get; init; } = [];

    public List<DynamicFieldSeed> DynamicFields { get; init; } = [];
}

/// <summary>Multi-value fields whose values belong together row by row (e.g. invoice line items).</summary>
public sealed record FieldGroupSeed
{
    public required string Name { get; init; }

    public List<string> Fields { get; init; } = [];
}

/// <summary>Dynamic field logic: the values <see cref="Field"/> allows for each value of <see cref="ParentField"/>.</summary>
public sealed record DynamicFieldSeed
{
    public required string Field { get; init; }

    public required string ParentField { get; init; }

    public Dictionary<string, string[]> Values { get; init; } = [];
}

public sealed record TagSeed
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    public bool IsSecure { get; init; }
}

public sealed record LinkSeed
{
    public int? Id { get; init; }

    public string? SourceLabel { get; init; }

    public string? TargetLabel { get; init; }

    public string? Description { get; init; }
}

public sealed record AuditReasonSeed
{
    public int? Id { get; init; }

    public required string Name { get; init; }

    public AuditEventType AuditEventType { get; init; }
}

public sealed record AttributeSeed
{
    public required string Key { get; init; }

    public string? Value { get; init; }

    /// <summary>The user the attribute belongs to; the admin user when absent.</summary>
    public string? User { get; init; }

    /// <summary>An attribute of the Everyone group rather than of one user.</summary>
    public bool Everyone { get; init; }
}

/// <summary>Applies the seed at start, then loads the definitions into the <see cref="MetadataCatalog"/>.</summary>
public sealed class MetadataSeeder(StoreConnection store, MetadataCatalog catalog, SecuritySeeder security, EmulatorOptions options, IServiceScopeFactory scopes)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var seed = string.IsNullOrWhiteSpace(options.Seed) ? MetadataSeed.LoadDefault()
            : options.Seed.Equals(MetadataSeed.Empty, StringComparison.OrdinalIgnoreCase) ? MetadataSeed.LoadEmpty()
            : MetadataSeed.Parse(await ReadSeedFileAsync(options.Seed, cancellationToken), options.Seed);
        await ApplyAsync(seed, cancellationToken);
    }

    /// <summary>Applies one seed document (the start-up one, or one sent at run time) and reloads the definitions.</summary>
    public async Task ApplyAsync(MetadataSeed seed, CancellationToken cancellationToken)
    {
        await using (var connection = await store.OpenAsync(cancellationToken))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ApplyDefinitionsAsync(connection, transaction, seed, cancellationToken);
            await store.Dialect.AlignIdsAsync(connection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            await catalog.LoadAsync(connection, cancellationToken);
        }
        await security.ApplyTrusteesAsync(seed.Groups, seed.Users, cancellationToken);

        if (seed.Root is not null || seed.Folders.Count > 0 || seed.Documents.Count > 0)
        {
            await using var scope = scopes.CreateAsyncScope();
            var services = scope.ServiceProvider;
            var tree = new SeedTreeWriter(
                services.GetRequiredService<EntryService>(), services.GetRequiredService<EntryReader>(), services.GetRequiredService<MetadataService>(),
                services.GetRequiredService<ImportService>(), services.GetRequiredService<ContentStore>(), options.AdminUser);
            await tree.WriteAsync(seed.Root, seed.Folders, seed.Documents, cancellationToken);
        }
        await security.ApplyAclsAsync(seed.AccessControl, cancellationToken);
    }

    private static async Task<string> ReadSeedFileAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The seed file '{path}' does not exist.");
        }
        return await File.ReadAllTextAsync(path, cancellationToken);
    }

    private async Task ApplyDefinitionsAsync(DbConnection connection, DbTransaction transaction, MetadataSeed seed, CancellationToken cancellationToken)
    {
        foreach (var field in seed.FieldDefinitions)
        {
            CheckConstraint(field);
            if (!await FirstSeedingAsync(connection, transaction, SeededField, Key(field.Name), cancellationToken))
            {
                continue;
            }
            await ExecuteAsync(connection, transaction, """
                INSERT INTO FieldDefinitions (Name, NameKey, Description, FieldType, Length, DefaultValue, IsMultiValue, IsRequired,
                    "constraint", ConstraintError, ListValuesJson, Format, FormatPattern, Currency)
                VALUES (@name, @key, @description, @type, @length, @default, @multi, @required, @constraint, @constraintError, @list, @format, @pattern, @currency)
                ON CONFLICT DO NOTHING
                """, cancellationToken,
                ("@name", field.Name), ("@key", Key(field.Name)), ("@description", field.Description ?? ""), ("@type", (int)field.FieldType),
                ("@length", field.Length ?? (field.FieldType == FieldType.String ? 255 : 0)), ("@default", field.DefaultValue ?? ""),
                ("@multi", field.IsMultiValue), ("@required", field.IsRequired), ("@constraint", field.Constraint ?? ""),
                ("@constraintError", field.ConstraintError ?? ""), ("@list", JsonSerializer.Serialize(field.ListValues ?? [])),
                ("@format", (int)field.Format), ("@pattern", field.FormatPattern ?? ""), ("@currency", field.Currency ?? ""));
        }

        foreach (var template in seed.TemplateDefinitions)
        {
            if (await FirstSeedingAsync(connection, transaction, SeededTemplate, Key(template.Name), cancellationToken))
            {
                await ExecuteAsync(connection, transaction,
                    "INSERT INTO TemplateDefinitions (Name, NameKey, Description) VALUES (@name, @key, @description) ON CONFLICT DO NOTHING", cancellationToken,
                    ("@name", template.Name), ("@key", Key(template.Name)), ("@description", template.Description ?? ""));
            }
            var templateId = await IdByKeyAsync(connection, transaction, "TemplateDefinitions", template.Name, cancellationToken);
            var placed = new List<(string Field, int? GroupId, string? GroupName)>();
            placed.AddRange(template.Fields.Select(f => (f, (int?)null, (string?)null)));
            for (var g = 0; g < template.Groups.Count; g++)
            {
                placed.AddRange(template.Groups[g].Fields.Select(f => (f, (int?)(g + 1), (string?)template.Groups[g].Name)));
            }
            foreach (var (fieldName, groupId, groupName) in placed)
            {
                if (!seed.FieldDefinitions.Any(f => Key(f.Name) == Key(fieldName)) && await IdByKeyAsync(connection, transaction, "FieldDefinitions", fieldName, cancellationToken) == 0)
                {
                    throw new InvalidOperationException($"The seed's template '{template.Name}' names the field '{fieldName}', which the seed does not define.");
                }
                if (templateId == 0 || !await FirstSeedingAsync(connection, transaction, SeededTemplateField, Key(template.Name) + KeySeparator + Key(fieldName), cancellationToken))
                {
                    continue;
                }
                var fieldId = await IdByKeyAsync(connection, transaction, "FieldDefinitions", fieldName, cancellationToken);
                if (fieldId == 0)
                {
                    continue;
                }
                var dynamic = template.DynamicFields.FirstOrDefault(d => d.Field.Equals(fieldName, StringComparison.OrdinalIgnoreCase));
                var parent = dynamic is null ? 0 : await IdByKeyAsync(connection, transaction, "FieldDefinitions", dynamic.ParentField, cancellationToken);
                object? parentId = parent == 0 ? null : parent;
                await ExecuteAsync(connection, transaction, """
                    INSERT INTO TemplateFields (TemplateId, FieldId, Position, GroupId, GroupName, ParentFieldId, DynamicValuesJson)
                    VALUES (@template, @field, (SELECT COALESCE(MAX(Position), -1) + 1 FROM TemplateFields WHERE TemplateId = @template),
                        @groupId, @groupName, @parent, @values)
                    ON CONFLICT DO NOTHING
                    """, cancellationToken,
                    ("@template", templateId), ("@field", fieldId), ("@groupId", groupId), ("@groupName", groupName),
                    ("@parent", parentId), ("@values", parentId is null ? null : JsonSerializer.Serialize(dynamic!.Values)));
            }
        }

        foreach (var tag in seed.TagDefinitions)
        {
            await ExecuteAsync(connection, transaction,
                "INSERT INTO TagDefinitions (Name, NameKey, Description, IsSecure) VALUES (@name, @key, @description, @secure) ON CONFLICT DO NOTHING", cancellationToken,
                ("@name", tag.Name), ("@key", Key(tag.Name)), ("@description", tag.Description ?? ""), ("@secure", tag.IsSecure));
        }

        foreach (var link in seed.LinkDefinitions)
        {
            var exists = link.Id is { } id
                ? await CountAsync(connection, transaction, "SELECT COUNT(*) FROM LinkDefinitions WHERE Id = @id", cancellationToken, ("@id", id))
                : await CountAsync(connection, transaction, "SELECT COUNT(*) FROM LinkDefinitions WHERE SourceLabel = @s AND TargetLabel = @t", cancellationToken,
                    ("@s", link.SourceLabel ?? ""), ("@t", link.TargetLabel ?? ""));
            if (exists == 0)
            {
                await ExecuteAsync(connection, transaction,
                    link.Id is null
                        ? "INSERT INTO LinkDefinitions (SourceLabel, TargetLabel, Description) VALUES (@s, @t, @description)"
                        : "INSERT INTO LinkDefinitions (Id, SourceLabel, TargetLabel, Description) VALUES (@id, @s, @t, @description)", cancellationToken,
                    ("@id", link.Id), ("@s", link.SourceLabel ?? ""), ("@t", link.TargetLabel ?? ""), ("@description", link.Description ?? ""));
                if (link.Id is not null)
                {
                    // The seed mixes rows with and without ids: the next row without one must not take this id.
                    await store.Dialect.AlignIdsAsync(connection, transaction, cancellationToken);
                }
            }
        }

        foreach (var reason in seed.AuditReasons)
        {
            var exists = await CountAsync(connection, transaction,
                reason.Id is null
                    ? "SELECT COUNT(*) FROM AuditReasons WHERE Name = @name AND AuditEventType = @type"
                    : "SELECT COUNT(*) FROM AuditReasons WHERE Id = @id", cancellationToken,
                ("@id", reason.Id), ("@name", reason.Name), ("@type", (int)reason.AuditEventType));
            if (exists == 0)
            {
                await ExecuteAsync(connection, transaction,
                    reason.Id is null
                        ? "INSERT INTO AuditReasons (Name, AuditEventType) VALUES (@name, @type)"
                        : "INSERT INTO AuditReasons (Id, Name, AuditEventType) VALUES (@id, @name, @type)", cancellationToken,
                    ("@id", reason.Id), ("@name", reason.Name), ("@type", (int)reason.AuditEventType));
                if (reason.Id is not null)
                {
                    await store.Dialect.AlignIdsAsync(connection, transaction, cancellationToken);
                }
            }
        }

        foreach (var attribute in seed.Attributes)
        {
            await ExecuteAsync(connection, transaction,
                "INSERT INTO Attributes (UserName, Key, Value) VALUES (@user, @key, @value) ON CONFLICT (UserName, Key) DO UPDATE SET Value = excluded.Value", cancellationToken,
                ("@user", attribute.Everyone ? "" : attribute.User ?? options.AdminUser), ("@key", attribute.Key), ("@value", attribute.Value ?? ""));
        }
    }

    /// <summary>A constraint that is not a regular expression would fail every later write with a 500; refuse it at start.</summary>
    private static void CheckConstraint(FieldSeed field)
    {
        if (string.IsNullOrEmpty(field.Constraint))
        {
            return;
        }
        try
        {
            _ = new System.Text.RegularExpressions.Regex(field.Constraint);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"The seed's field '{field.Name}' has a constraint that is not a regular expression: {ex.Message}", ex);
        }
    }

    private const string SeededField = "Field";
    private const string SeededTemplate = "Template";
    private const string SeededTemplateField = "TemplateField";

    /// <summary>Between a template's and a field's name key in a seeded template field's key; no name holds it.</summary>
    private const char KeySeparator = '\u001F';

    /// <summary>
    /// Records that the seed creates this definition, and says whether it is the first time: what the seed created
    /// once and administration then renamed, removed or deleted is not created again.
    /// </summary>
    private static async Task<bool> FirstSeedingAsync(DbConnection connection, DbTransaction transaction, string kind, string key, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "INSERT INTO SeededDefinitions (Kind, Key) VALUES (@kind, @key) ON CONFLICT DO NOTHING", [("@kind", kind), ("@key", key)]);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static string Key(string name) => EntryNames.Key(name);

    private static async Task<long> IdByKeyAsync(DbConnection connection, DbTransaction transaction, string table, string name, CancellationToken cancellationToken) =>
        await CountAsync(connection, transaction, $"SELECT COALESCE((SELECT Id FROM {table} WHERE NameKey = @key), 0)", cancellationToken, ("@key", Key(name)));

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> CountAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }
}
