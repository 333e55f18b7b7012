namespace LfRepo.Server.Metadata;

/// <summary>A field and its values in a write (SetFields, SetTemplate, import metadata).</summary>
public sealed record FieldToUpdate
{
    public string? Name { get; init; }

    public List<string?>? Values { get; init; }
}

/// <summary>A link in a write (SetLinks, import metadata).</summary>
public sealed record LinkToUpdate
{
    public int? LinkDefinitionId { get; init; }

    public int? OtherEntryId { get; init; }

    public bool IsSource { get; init; } = true;

    public Dictionary<string, string>? CustomProperties { get; init; }
}

/// <summary>Body of SetFields (PUT …/Entries/{entryId}/Fields).</summary>
public sealed record SetFieldsRequest
{
    public List<FieldToUpdate?>? Fields { get; init; }
}

/// <summary>Body of SetTags (PUT …/Entries/{entryId}/Tags).</summary>
public sealed record SetTagsRequest
{
    public List<string?>? Tags { get; init; }
}

/// <summary>Body of SetLinks (PUT …/Entries/{entryId}/Links).</summary>
public sealed record SetLinksRequest
{
    public List<LinkToUpdate?>? Links { get; init; }
}

/// <summary>Body of SetTemplate (PUT …/Entries/{entryId}/Template).</summary>
public sealed record SetTemplateRequest
{
    public string? TemplateName { get; init; }

    public List<FieldToUpdate?>? Fields { get; init; }
}

/// <summary>Body of ListDynamicFieldValues (POST …/Entries/{entryId}/Fields/GetDynamicFieldLogicValue).</summary>
public sealed record ListDynamicFieldValuesRequest
{
    public int? TemplateId { get; init; }

    public Dictionary<string, string?>? FieldValues { get; init; }
}
