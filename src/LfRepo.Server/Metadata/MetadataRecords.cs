namespace LfRepo.Server.Metadata;

/// <summary>The field types of the spec's FieldType enum; stored as integers.</summary>
public enum FieldType
{
    String = 0,
    Number = 1,
    ShortInteger = 2,
    LongInteger = 3,
    Date = 4,
    DateTime = 5,
    Time = 6,
    List = 7,
    Blob = 8,
}

/// <summary>The spec's FieldFormat enum; stored as integers.</summary>
public enum FieldFormat
{
    None = 0,
    ShortDate,
    LongDate,
    ShortDateTime,
    LongDateTime,
    ShortTime,
    LongTime,
    GeneralNumber,
    Currency,
    Percent,
    Scientific,
    Custom,
}

/// <summary>The spec's AuditEventType enum; stored as integers.</summary>
public enum AuditEventType
{
    DeleteEntry = 0,
    ExportDocument = 1,
}

public sealed class FieldDefinitionRecord
{
    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary>The name upper-cased invariantly: field names are unique ignoring case.</summary>
    public required string NameKey { get; set; }

    public string Description { get; set; } = "";

    public FieldType FieldType { get; set; }

    /// <summary>Maximum characters of a String value; 0 for other types.</summary>
    public int Length { get; set; }

    public string DefaultValue { get; set; } = "";

    public bool IsMultiValue { get; set; }

    public bool IsRequired { get; set; }

    /// <summary>A regular expression every value must match in full; empty for none.</summary>
    public string Constraint { get; set; } = "";

    public string ConstraintError { get; set; } = "";

    /// <summary>The allowed values of a List field, as a JSON array.</summary>
    public string ListValuesJson { get; set; } = "[]";

    public FieldFormat Format { get; set; }

    public string FormatPattern { get; set; } = "";

    public string Currency { get; set; } = "";
}

public sealed class TemplateDefinitionRecord
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public required string NameKey { get; set; }

    public string Description { get; set; } = "";
}

/// <summary>A field's place in a template: its order, its multi-value group and its dynamic field logic.</summary>
public sealed class TemplateFieldRecord
{
    public int TemplateId { get; set; }

    public int FieldId { get; set; }

    public int Position { get; set; }

    public int? GroupId { get; set; }

    public string? GroupName { get; set; }

    /// <summary>The template field whose value decides this field's allowed values (dynamic field logic).</summary>
    public int? ParentFieldId { get; set; }

    /// <summary>For a dynamic field: JSON object mapping each parent value to the values allowed with it.</summary>
    public string? DynamicValuesJson { get; set; }
}

public sealed class TagDefinitionRecord
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public required string NameKey { get; set; }

    public string Description { get; set; } = "";

    public bool IsSecure { get; set; }
}

public sealed class LinkDefinitionRecord
{
    public int Id { get; set; }

    public string SourceLabel { get; set; } = "";

    public string TargetLabel { get; set; } = "";

    public string Description { get; set; } = "";
}

public sealed class AuditReasonRecord
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public AuditEventType AuditEventType { get; set; }
}

/// <summary>A trustee attribute: a user's own, or the Everyone group's when <see cref="UserName"/> is empty.</summary>
public sealed class AttributeRecord
{
    public int Id { get; set; }

    public string UserName { get; set; } = "";

    public required string Key { get; set; }

    public string Value { get; set; } = "";
}

/// <summary>One value of one field on one entry; multi-value fields have one row per value, in order.</summary>
public sealed class EntryFieldRecord
{
    public int EntryId { get; set; }

    public int FieldId { get; set; }

    public int Position { get; set; }

    /// <summary>The value in its canonical form (invariant numbers, ISO dates without zone).</summary>
    public required string Value { get; set; }
}

public sealed class EntryTagRecord
{
    public int EntryId { get; set; }

    public int TagId { get; set; }
}

/// <summary>A link between two entries; both ends list it.</summary>
public sealed class EntryLinkRecord
{
    public int Id { get; set; }

    public int LinkDefinitionId { get; set; }

    public int SourceId { get; set; }

    public int TargetId { get; set; }

    /// <summary>The link's custom properties as a JSON object, or null for none.</summary>
    public string? CustomPropertiesJson { get; set; }
}

/// <summary>
/// A field definition's flags that only administration sets, and its custom-properties bag; a field without a
/// row has every flag off and an empty bag.
/// </summary>
public sealed class FieldDefinitionSettingsRecord
{
    public int FieldId { get; set; }

    public bool IsIndexed { get; set; }

    public bool IsIndexedForReporting { get; set; }

    public bool WarnIfBlank { get; set; }

    public bool HideListValues { get; set; }

    public bool AutoExtract { get; set; }

    /// <summary>The custom-properties bag as a JSON object of strings.</summary>
    public string PropertiesJson { get; set; } = "{}";
}

/// <summary>A template's color, auto-assignment flag and custom-properties bag; absent means none, off and empty.</summary>
public sealed class TemplateDefinitionSettingsRecord
{
    public int TemplateId { get; set; }

    /// <summary>The color as 0xAARRGGBB, or null for no color.</summary>
    public long? Color { get; set; }

    public bool IsAutoAssignable { get; set; }

    public string PropertiesJson { get; set; } = "{}";
}

/// <summary>A field's per-template properties: null leaves the field definition's own value in force.</summary>
public sealed class TemplateFieldSettingsRecord
{
    public int TemplateId { get; set; }

    public int FieldId { get; set; }

    public bool? IsRequired { get; set; }

    public string? LocalDescription { get; set; }
}

/// <summary>
/// A definition the seed has created once (kind Field, Template or TemplateField and its name key): the seed never
/// creates it again, so what administration renamed, removed or deleted stays so across restarts.
/// </summary>
public sealed class SeededDefinitionRecord
{
    public required string Kind { get; set; }

    public required string Key { get; set; }
}
