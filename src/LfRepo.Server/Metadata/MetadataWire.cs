using LfRepo.Server.Entries;

namespace LfRepo.Server.Metadata;

/// <summary>A field as an entry carries it: definition, its place in the entry's template, and values.</summary>
public sealed record EntryField(FieldDefinition Field, TemplateField? InTemplate, IReadOnlyList<string> Values, bool HasMoreValues);

/// <summary>A link as either end lists it, with the URLs of both ends.</summary>
public sealed record EntryLink(EntryLinkRecord Record, LinkDefinitionRecord Definition, EntryRecord? Source, EntryRecord? Target, string SourceLink, string TargetLink);

/// <summary>A template's color (the spec's LFColor), stored as 0xAARRGGBB.</summary>
public sealed record TemplateColor(byte A, byte R, byte G, byte B)
{
    public long ToArgb() => ((long)A << 24) | ((long)R << 16) | ((long)G << 8) | B;

    public static TemplateColor FromArgb(long argb) => new((byte)(argb >> 24), (byte)(argb >> 16), (byte)(argb >> 8), (byte)argb);
}

/// <summary>The dynamic field logic rule of a template field: the fields its values depend on.</summary>
public sealed record FieldRule(IReadOnlyList<int> Ancestors);

/// <summary>The wire types of the metadata endpoints, members in the spec's order.</summary>
public static class MetadataWire
{
    public static readonly WireShape<FieldDefinition> FieldDefinition = new("FieldDefinition", "id", [.. FieldDefinitionMembers<FieldDefinition>(f => f)]);

    public static readonly WireShape<TemplateField> TemplateFieldDefinition = new("TemplateFieldDefinition", "id", [.. TemplateFieldMembers(v2: true)]);

    public static readonly WireShape<TemplateDefinition> TemplateDefinition = new("TemplateDefinition", "id",
    [
        .. TemplateMembers(v2: true),
        new("isAutoAssignable", MemberKind.Boolean, t => t.Settings.IsAutoAssignable),
    ]);

    public static readonly WireShape<TagDefinitionRecord> TagDefinition = new("TagDefinition", "id", [.. TagMembers()]);

    public static readonly WireShape<TagDefinitionRecord> Tag = new("Tag", "id", [.. TagMembers()]);

    public static readonly WireShape<LinkDefinitionRecord> LinkDefinition = new("LinkDefinition", "id",
        new("id", MemberKind.Int32, l => l.Id),
        new("sourceLabel", MemberKind.String, l => l.SourceLabel),
        new("targetLabel", MemberKind.String, l => l.TargetLabel),
        new("description", MemberKind.String, l => l.Description));

    public static readonly WireShape<AuditReasonRecord> AuditReason = new("AuditReason", "id",
        new("id", MemberKind.Int32, a => a.Id),
        new("name", MemberKind.String, a => a.Name),
        new("auditEventType", MemberKind.String, a => a.AuditEventType.ToString()));

    public static readonly WireShape<AttributeRecord> Attribute = new("Attribute", "key",
        new("key", MemberKind.String, a => a.Key),
        new("value", MemberKind.String, a => a.Value));

    public static readonly WireShape<EntryField> Field = new("Field", "id",
        new("name", MemberKind.String, f => f.Field.Name),
        new("fieldType", MemberKind.String, f => f.Field.FieldType.ToString()),
        new("id", MemberKind.Int32, f => f.Field.Id),
        new("isMultiValue", MemberKind.Boolean, f => f.Field.Record.IsMultiValue),
        new("isRequired", MemberKind.Boolean, f => f.InTemplate?.IsRequired ?? false),
        new("hasMoreValues", MemberKind.Boolean, f => f.HasMoreValues),
        new("groupId", MemberKind.Int32, f => f.InTemplate?.GroupId),
        new("values", MemberKind.Strings, f => f.Values));

    public static readonly WireShape<EntryLink> Link = new("Link", "id",
        new("id", MemberKind.Int32, l => l.Record.Id),
        new("description", MemberKind.String, l => l.Definition.Description),
        new("sourceId", MemberKind.Int32, l => l.Record.SourceId),
        new("sourceFullPath", MemberKind.String, l => l.Source?.FullPath),
        new("sourceLabel", MemberKind.String, l => l.Definition.SourceLabel),
        new("sourceLink", MemberKind.String, l => l.SourceLink),
        new("targetId", MemberKind.Int32, l => l.Record.TargetId),
        new("targetFullPath", MemberKind.String, l => l.Target?.FullPath),
        new("targetLabel", MemberKind.String, l => l.Definition.TargetLabel),
        new("targetLink", MemberKind.String, l => l.TargetLink),
        new("linkDefinitionId", MemberKind.Int32, l => l.Record.LinkDefinitionId),
        new("linkDefinitionDescription", MemberKind.String, l => l.Definition.Description),
        new("customProperties", MemberKind.StringMap, l => l.Record.CustomPropertiesJson is { } json
            ? System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(json) : null));

    /// <summary>A template's members, the same in v1 (WTemplateInfo) and v2 (v2 adds color, and isAutoAssignable after them).</summary>
    public static IEnumerable<Member<TemplateDefinition>> TemplateMembers(bool v2 = false)
    {
        yield return new("id", MemberKind.Int32, t => t.Id);
        yield return new("name", MemberKind.String, t => t.Name);
        yield return new("displayName", MemberKind.String, t => t.Name);
        yield return new("description", MemberKind.String, t => t.Record.Description);
        if (v2)
        {
            yield return new("color", MemberKind.StringMap, t => t.Settings.Color is { } argb ? TemplateColor.FromArgb(argb) : null);
        }
        yield return new("fieldCount", MemberKind.Int32, t => t.Fields.Count);
    }

    /// <summary>A template field: the field's members and its place in the template (v1 TemplateFieldInfo, v2 TemplateFieldDefinition).</summary>
    public static IEnumerable<Member<TemplateField>> TemplateFieldMembers(bool v2)
    {
        foreach (var member in FieldDefinitionMembers<TemplateField>(t => t.Field, v2, t => t.IsRequired))
        {
            yield return member;
        }
        yield return new("rule", MemberKind.StringMap, t => t.ParentFieldId is { } parent ? new FieldRule([parent]) : null);
        yield return new("groupId", MemberKind.Int32, t => t.GroupId);
        yield return new("groupName", MemberKind.String, t => t.GroupName);
        if (v2)
        {
            yield return new("localDescription", MemberKind.String, t => t.LocalDescription);
        }
    }

    /// <summary>
    /// A field definition's members; v1 (WFieldInfo) has all but v2's trailing flags. A template field says whether
    /// it is required on that template (<paramref name="isRequired"/>).
    /// </summary>
    public static IEnumerable<Member<T>> FieldDefinitionMembers<T>(Func<T, FieldDefinition> of, bool v2 = true, Func<T, bool>? isRequired = null)
    {
        yield return new("name", MemberKind.String, t => of(t).Name);
        yield return new("displayName", MemberKind.String, t => of(t).Name);
        yield return new("id", MemberKind.Int32, t => of(t).Id);
        yield return new("description", MemberKind.String, t => of(t).Record.Description);
        yield return new("fieldType", MemberKind.String, t => of(t).FieldType.ToString());
        yield return new("length", MemberKind.Int32, t => of(t).Record.Length);
        yield return new("defaultValue", MemberKind.String, t => of(t).Record.DefaultValue);
        yield return new("isMultiValue", MemberKind.Boolean, t => of(t).Record.IsMultiValue);
        yield return new("isRequired", MemberKind.Boolean, t => isRequired is null ? of(t).Record.IsRequired : isRequired(t));
        yield return new("constraint", MemberKind.String, t => of(t).Record.Constraint);
        yield return new("constraintError", MemberKind.String, t => of(t).Record.ConstraintError);
        yield return new("listValues", MemberKind.Strings, t => of(t).FieldType == FieldType.List ? of(t).ListValues : null);
        yield return new("format", MemberKind.String, t => of(t).Record.Format.ToString());
        yield return new("currency", MemberKind.String, t => of(t).Record.Currency);
        yield return new("formatPattern", MemberKind.String, t => of(t).Record.FormatPattern);
        if (!v2)
        {
            yield break;
        }
        yield return new("isIndexed", MemberKind.Boolean, t => of(t).Settings.IsIndexed);
        yield return new("isIndexedForReporting", MemberKind.Boolean, t => of(t).Settings.IsIndexedForReporting);
        yield return new("warnIfBlank", MemberKind.Boolean, t => of(t).Settings.WarnIfBlank);
        yield return new("hideListValues", MemberKind.Boolean, t => of(t).Settings.HideListValues);
        yield return new("autoExtract", MemberKind.Boolean, t => of(t).Settings.AutoExtract);
    }

    private static IEnumerable<Member<TagDefinitionRecord>> TagMembers()
    {
        yield return new("id", MemberKind.Int32, t => t.Id);
        yield return new("name", MemberKind.String, t => t.Name);
        yield return new("displayName", MemberKind.String, t => t.Name);
        yield return new("description", MemberKind.String, t => t.Description);
        yield return new("isSecure", MemberKind.Boolean, t => t.IsSecure);
    }
}
