using System.Data.Common;
using System.Text.Json;
using LfRepo.Server.Problems;
using LfRepo.Server.Storage;

namespace LfRepo.Server.Metadata;

public sealed record FieldDefinition(
    FieldDefinitionRecord Record, IReadOnlyList<string> ListValues, FieldDefinitionSettingsRecord Settings, IReadOnlyDictionary<string, string> Properties)
{
    public int Id => Record.Id;

    public string Name => Record.Name;

    public FieldType FieldType => Record.FieldType;
}

/// <summary>
/// A field as a template holds it: its definition, its group, its dynamic field logic and its per-template
/// properties (<see cref="IsRequired"/> is the template's own setting when it has one, else the field's).
/// </summary>
public sealed record TemplateField(
    FieldDefinition Field, int? GroupId, string? GroupName, int? ParentFieldId, IReadOnlyDictionary<string, string[]>? DynamicValues,
    bool IsRequired, string? LocalDescription);

public sealed record TemplateDefinition(
    TemplateDefinitionRecord Record, IReadOnlyList<TemplateField> Fields, TemplateDefinitionSettingsRecord Settings, IReadOnlyDictionary<string, string> Properties)
{
    public int Id => Record.Id;

    public string Name => Record.Name;

    public IReadOnlyList<string> FieldNames { get; } = [.. Fields.Select(f => f.Field.Name)];

    public TemplateField? Find(int fieldId) => Fields.FirstOrDefault(f => f.Field.Id == fieldId);
}

/// <summary>
/// Every definition of the repository, in memory: every metadata call looks them up, so reading them once beats a
/// query per request. They change when the seed is applied at start and through administration, which reloads
/// them after each committed change (<see cref="DefinitionWriter"/>).
/// </summary>
public sealed class MetadataCatalog
{
    private volatile Snapshot _snapshot = new([], [], [], [], [], []);

    public IReadOnlyList<FieldDefinition> Fields => _snapshot.Fields;

    public IReadOnlyList<TemplateDefinition> Templates => _snapshot.Templates;

    public IReadOnlyList<TagDefinitionRecord> Tags => _snapshot.Tags;

    public IReadOnlyList<LinkDefinitionRecord> Links => _snapshot.Links;

    public IReadOnlyList<AuditReasonRecord> AuditReasons => _snapshot.AuditReasons;

    /// <summary>An audit reason is optional (0 or absent); a given one must exist for the operation's event type.</summary>
    public void RequireAuditReason(int? id, AuditEventType eventType)
    {
        if (id is { } reason and not 0 && !AuditReasons.Any(a => a.Id == reason && a.AuditEventType == eventType))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidAuditReason, $"Audit reason {reason} does not exist for {eventType}.");
        }
    }

    public IReadOnlyList<AttributeRecord> Attributes => _snapshot.Attributes;

    public FieldDefinition? FindField(int id) => _snapshot.FieldsById.GetValueOrDefault(id);

    public FieldDefinition? FindField(string name) => _snapshot.FieldsByName.GetValueOrDefault(name);

    public TemplateDefinition? FindTemplate(int id) => _snapshot.TemplatesById.GetValueOrDefault(id);

    public TemplateDefinition? FindTemplate(string name) => _snapshot.TemplatesByName.GetValueOrDefault(name);

    public TagDefinitionRecord? FindTag(int id) => _snapshot.Tags.FirstOrDefault(t => t.Id == id);

    public TagDefinitionRecord? FindTag(string name) => _snapshot.Tags.FirstOrDefault(t => t.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    public LinkDefinitionRecord? FindLink(int id) => _snapshot.Links.FirstOrDefault(l => l.Id == id);

    /// <summary>The names of a template's fields for Entry.templateFieldNames, or null for no template.</summary>
    public IReadOnlyList<string>? TemplateFieldNames(int templateId) => FindTemplate(templateId)?.FieldNames;

    public TemplateDefinition GetTemplate(string name) =>
        FindTemplate(name) ?? throw new ApiProblemException(ProblemCatalog.TemplateNotFound, $"The template '{name}' does not exist.");

    /// <summary>Reads every definition from the store; called at start after seeding.</summary>
    public async Task LoadAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var fields = new List<FieldDefinition>();
        await ReadAsync(connection, """
            SELECT f.Id, Name, NameKey, Description, FieldType, Length, DefaultValue, IsMultiValue, IsRequired, "constraint", ConstraintError,
                ListValuesJson, Format, FormatPattern, Currency,
                s.IsIndexed, s.IsIndexedForReporting, s.WarnIfBlank, s.HideListValues, s.AutoExtract, s.PropertiesJson
            FROM FieldDefinitions f LEFT JOIN FieldDefinitionSettings s ON s.FieldId = f.Id ORDER BY f.Id
            """, r =>
        {
            var record = new FieldDefinitionRecord
            {
                Id = r.GetInt32(0), Name = r.GetString(1), NameKey = r.GetString(2), Description = r.GetString(3),
                FieldType = (FieldType)r.GetInt32(4), Length = r.GetInt32(5), DefaultValue = r.GetString(6),
                IsMultiValue = r.GetFlag(7), IsRequired = r.GetFlag(8), Constraint = r.GetString(9), ConstraintError = r.GetString(10),
                ListValuesJson = r.GetString(11), Format = (FieldFormat)r.GetInt32(12), FormatPattern = r.GetString(13), Currency = r.GetString(14),
            };
            var settings = r.IsDBNull(15) ? new FieldDefinitionSettingsRecord { FieldId = record.Id } : new FieldDefinitionSettingsRecord
            {
                FieldId = record.Id, IsIndexed = r.GetFlag(15), IsIndexedForReporting = r.GetFlag(16), WarnIfBlank = r.GetFlag(17),
                HideListValues = r.GetFlag(18), AutoExtract = r.GetFlag(19), PropertiesJson = r.GetString(20),
            };
            fields.Add(new FieldDefinition(record, JsonSerializer.Deserialize<string[]>(record.ListValuesJson) ?? [], settings, Bag(settings.PropertiesJson)));
        }, cancellationToken);
        var fieldsById = fields.ToDictionary(f => f.Id);

        var templateFields = new List<(int TemplateId, TemplateField Field)>();
        await ReadAsync(connection, """
            SELECT t.TemplateId, t.FieldId, GroupId, GroupName, ParentFieldId, DynamicValuesJson, s.IsRequired, s.LocalDescription
            FROM TemplateFields t LEFT JOIN TemplateFieldSettings s ON s.TemplateId = t.TemplateId AND s.FieldId = t.FieldId
            ORDER BY t.TemplateId, Position
            """, r =>
        {
            var dynamic = r.IsDBNull(5) ? null : JsonSerializer.Deserialize<Dictionary<string, string[]>>(r.GetString(5));
            var field = fieldsById[r.GetInt32(1)];
            templateFields.Add((r.GetInt32(0), new TemplateField(
                field, r.IsDBNull(2) ? null : r.GetInt32(2), r.IsDBNull(3) ? null : r.GetString(3),
                r.IsDBNull(4) ? null : r.GetInt32(4),
                dynamic is null ? null : new Dictionary<string, string[]>(dynamic, StringComparer.OrdinalIgnoreCase),
                r.IsDBNull(6) ? field.Record.IsRequired : r.GetFlag(6), r.IsDBNull(7) ? null : r.GetString(7))));
        }, cancellationToken);

        var templates = new List<TemplateDefinition>();
        await ReadAsync(connection, """
            SELECT t.Id, Name, NameKey, Description, s.TemplateId, s.Color, s.IsAutoAssignable, s.PropertiesJson
            FROM TemplateDefinitions t LEFT JOIN TemplateDefinitionSettings s ON s.TemplateId = t.Id ORDER BY t.Id
            """, r =>
        {
            var record = new TemplateDefinitionRecord { Id = r.GetInt32(0), Name = r.GetString(1), NameKey = r.GetString(2), Description = r.GetString(3) };
            var settings = r.IsDBNull(4) ? new TemplateDefinitionSettingsRecord { TemplateId = record.Id } : new TemplateDefinitionSettingsRecord
            {
                TemplateId = record.Id, Color = r.IsDBNull(5) ? null : r.GetInt64(5), IsAutoAssignable = r.GetFlag(6), PropertiesJson = r.GetString(7),
            };
            templates.Add(new TemplateDefinition(
                record, [.. templateFields.Where(t => t.TemplateId == record.Id).Select(t => t.Field)], settings, Bag(settings.PropertiesJson)));
        }, cancellationToken);

        var tags = new List<TagDefinitionRecord>();
        await ReadAsync(connection, "SELECT Id, Name, NameKey, Description, IsSecure FROM TagDefinitions ORDER BY Id", r =>
            tags.Add(new TagDefinitionRecord { Id = r.GetInt32(0), Name = r.GetString(1), NameKey = r.GetString(2), Description = r.GetString(3), IsSecure = r.GetFlag(4) }),
            cancellationToken);

        var links = new List<LinkDefinitionRecord>();
        await ReadAsync(connection, "SELECT Id, SourceLabel, TargetLabel, Description FROM LinkDefinitions ORDER BY Id", r =>
            links.Add(new LinkDefinitionRecord { Id = r.GetInt32(0), SourceLabel = r.GetString(1), TargetLabel = r.GetString(2), Description = r.GetString(3) }),
            cancellationToken);

        var reasons = new List<AuditReasonRecord>();
        await ReadAsync(connection, "SELECT Id, Name, AuditEventType FROM AuditReasons ORDER BY Id", r =>
            reasons.Add(new AuditReasonRecord { Id = r.GetInt32(0), Name = r.GetString(1), AuditEventType = (AuditEventType)r.GetInt32(2) }),
            cancellationToken);

        var attributes = new List<AttributeRecord>();
        await ReadAsync(connection, "SELECT Id, UserName, Key, Value FROM Attributes ORDER BY Id", r =>
            attributes.Add(new AttributeRecord { Id = r.GetInt32(0), UserName = r.GetString(1), Key = r.GetString(2), Value = r.GetString(3) }),
            cancellationToken);

        _snapshot = new Snapshot(fields, templates, tags, links, reasons, attributes);
    }

    private static Dictionary<string, string> Bag(string json) =>
        new(JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [], StringComparer.Ordinal);

    private static async Task ReadAsync(DbConnection connection, string sql, Action<DbDataReader> read, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            read(reader);
        }
    }

    private sealed class Snapshot(
        List<FieldDefinition> fields, List<TemplateDefinition> templates, List<TagDefinitionRecord> tags,
        List<LinkDefinitionRecord> links, List<AuditReasonRecord> auditReasons, List<AttributeRecord> attributes)
    {
        public List<FieldDefinition> Fields { get; } = fields;

        public List<TemplateDefinition> Templates { get; } = templates;

        public List<TagDefinitionRecord> Tags { get; } = tags;

        public List<LinkDefinitionRecord> Links { get; } = links;

        public List<AuditReasonRecord> AuditReasons { get; } = auditReasons;

        public List<AttributeRecord> Attributes { get; } = attributes;

        public Dictionary<int, FieldDefinition> FieldsById { get; } = fields.ToDictionary(f => f.Id);

        public Dictionary<string, FieldDefinition> FieldsByName { get; } = fields.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);

        public Dictionary<int, TemplateDefinition> TemplatesById { get; } = templates.ToDictionary(t => t.Id);

        public Dictionary<string, TemplateDefinition> TemplatesByName { get; } = templates.ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);
    }
}
