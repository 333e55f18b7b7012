namespace LfRepo.Server.Metadata;

/// <summary>Body of CreateFieldDefinition (POST …/FieldDefinitions). Null members take the repository's defaults.</summary>
public sealed record CreateFieldDefinitionRequest
{
    public string? Name { get; init; }

    public FieldType? FieldType { get; init; }

    public string? Description { get; init; }

    public int? Length { get; init; }

    public string? DefaultValue { get; init; }

    public FieldFormat? Format { get; init; }

    public string? FormatPattern { get; init; }

    public string? Currency { get; init; }

    public string? Constraint { get; init; }

    public string? ConstraintError { get; init; }

    public bool? IsMultiValue { get; init; }

    public bool? IsRequired { get; init; }

    public bool? IsIndexed { get; init; }

    public bool? IsIndexedForReporting { get; init; }

    public bool? WarnIfBlank { get; init; }

    public bool? HideListValues { get; init; }

    public bool? AutoExtract { get; init; }

    public List<string?>? ListValues { get; init; }

    /// <summary>The initial custom-properties bag; the official client sends it, the spec's schema does not list it.</summary>
    public Dictionary<string, string?>? Properties { get; init; }
}

/// <summary>Body of UpdateFieldDefinition (PATCH …/FieldDefinitions/{fieldId}): null leaves a member, "" clears a string.</summary>
public sealed record UpdateFieldDefinitionRequest
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    public int? Length { get; init; }

    public string? DefaultValue { get; init; }

    public FieldFormat? Format { get; init; }

    public string? FormatPattern { get; init; }

    public string? Currency { get; init; }

    public string? Constraint { get; init; }

    public string? ConstraintError { get; init; }

    public bool? IsMultiValue { get; init; }

    public bool? IsRequired { get; init; }

    public bool? IsIndexed { get; init; }

    public bool? IsIndexedForReporting { get; init; }

    public bool? WarnIfBlank { get; init; }

    public bool? HideListValues { get; init; }

    public bool? AutoExtract { get; init; }
}

/// <summary>Body of ReplaceFieldListValues (PUT …/FieldDefinitions/{fieldId}/ListValues).</summary>
public sealed record ReplaceListValuesRequest
{
    public List<string?>? Values { get; init; }
}

/// <summary>A change of a custom-properties bag: keys to write, keys to delete.</summary>
public abstract record PropertiesUpdate
{
    public Dictionary<string, string?>? Set { get; init; }

    public List<string?>? Remove { get; init; }
}

/// <summary>Body of UpdateFieldProperties (PATCH …/FieldDefinitions/{fieldId}/Properties).</summary>
public sealed record UpdateFieldPropertiesRequest : PropertiesUpdate;

/// <summary>Body of UpdateTemplateProperties (PATCH …/TemplateDefinitions/{templateId}/Properties).</summary>
public sealed record UpdateTemplatePropertiesRequest : PropertiesUpdate;

/// <summary>The spec's FieldMergeConflictStrategy.</summary>
public enum FieldMergeConflictStrategy
{
    Fail,
    MakeMultivalue,
    UseFirstField,
}

/// <summary>Body of MergeFields (POST …/FieldDefinitions/Merge).</summary>
public sealed record MergeFieldsRequest
{
    public List<int>? SourceFieldIds { get; init; }

    public string? NewFieldName { get; init; }

    public FieldMergeConflictStrategy? OnConflict { get; init; }

    public bool RemoveFromTemplates { get; init; }

    public bool AutoRename { get; init; }

    public bool AllowDataLoss { get; init; }
}

/// <summary>Body of ChangeFieldType (POST …/FieldDefinitions/{fieldId}/ChangeType).</summary>
public sealed record ChangeFieldTypeRequest
{
    public FieldType? NewFieldType { get; init; }

    public bool AllowDataLoss { get; init; }
}

/// <summary>The spec's LFColor: each channel 0-255.</summary>
public sealed record LFColor
{
    public byte A { get; init; }

    public byte R { get; init; }

    public byte G { get; init; }

    public byte B { get; init; }
}

/// <summary>A field of CreateTemplate's initial fields, with its per-template properties.</summary>
public sealed record TemplateFieldAssignment
{
    public string? FieldName { get; init; }

    public bool? IsRequired { get; init; }

    public string? LocalDescription { get; init; }
}

/// <summary>Body of CreateTemplate (POST …/TemplateDefinitions).</summary>
public sealed record CreateTemplateRequest
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    public LFColor? Color { get; init; }

    public bool? IsAutoAssignable { get; init; }

    public List<TemplateFieldAssignment?>? Fields { get; init; }
}

/// <summary>Body of UpdateTemplate (PATCH …/TemplateDefinitions/{templateId}).</summary>
public sealed record UpdateTemplateRequest
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    public LFColor? Color { get; init; }

    public bool? ClearColor { get; init; }

    public bool? IsAutoAssignable { get; init; }
}

/// <summary>Body of AddTemplateField (POST …/TemplateDefinitions/{templateId}/Fields).</summary>
public sealed record AddTemplateFieldRequest
{
    public string? FieldName { get; init; }

    /// <summary>1-based; null appends.</summary>
    public int? Position { get; init; }

    public bool? IsRequired { get; init; }

    public string? LocalDescription { get; init; }
}

/// <summary>Body of MoveTemplateField (POST …/TemplateDefinitions/{templateId}/Fields/Move).</summary>
public sealed record MoveTemplateFieldRequest
{
    public string? FieldName { get; init; }

    public int? NewPosition { get; init; }
}

/// <summary>Body of UpdateTemplateFieldProperties (PATCH …/TemplateDefinitions/{templateId}/Fields/{fieldName}).</summary>
public sealed record UpdateTemplateFieldPropertiesRequest
{
    public bool? IsRequired { get; init; }

    public string? LocalDescription { get; init; }
}
