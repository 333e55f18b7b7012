using System.Text.Json.Serialization;

namespace LfRepo.Server.Security;

/// <summary>A user or group on the wire (the spec's TrusteeIdentity); on input, sid or accountName names it.</summary>
public sealed record TrusteeIdentity
{
    public string? Sid { get; init; }

    public string? AccountName { get; init; }

    public string? TrusteeType { get; init; }

    public bool IsUser { get; init; }

    /// <summary>Populated by trustee lookups; omitted in access-control-entry contexts.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DisplayName { get; init; }

    public bool IsDisabled { get; init; }

    public static TrusteeIdentity Of(Trustee trustee, bool withDisplayName) => new()
    {
        Sid = trustee.Sid,
        AccountName = trustee.Name,
        TrusteeType = trustee.IsGroup ? "LaserficheGroup" : "LaserficheUser",
        IsUser = !trustee.IsGroup,
        DisplayName = withDisplayName ? trustee.DisplayName : null,
        IsDisabled = trustee.IsDisabled,
    };
}

/// <summary>An entry ACE (the spec's AccessControlEntry). Enums travel as names and are checked by hand, so a bad one is a clear 400.</summary>
public sealed record AccessControlEntry
{
    public TrusteeIdentity? Trustee { get; init; }

    public string? AccessControlType { get; init; }

    public List<string>? Rights { get; init; }

    public string? Scope { get; init; }

    public bool IsInherited { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? InheritedFrom { get; init; }
}

/// <summary>An entry's ACL (the spec's AccessControlList).</summary>
public sealed record AccessControlList(List<AccessControlEntry> Entries, bool InheritParents);

/// <summary>The body of SetEntryAccessControl.</summary>
public sealed record SetAccessControlRequest
{
    public List<AccessControlEntry>? Entries { get; init; }

    public bool? InheritParents { get; init; }
}

/// <summary>A field or template ACE (the spec's FieldAccessControlEntry and TemplateAccessControlEntry: no scope, never inherited).</summary>
public sealed record DefinitionAccessControlEntry
{
    public TrusteeIdentity? Trustee { get; init; }

    public string? AccessControlType { get; init; }

    public List<string>? Rights { get; init; }

    public bool IsInherited { get; init; }
}

/// <summary>A field or template ACL (FieldAccessControlList, TemplateAccessControlList).</summary>
public sealed record DefinitionAccessControlList(List<DefinitionAccessControlEntry> Entries);

/// <summary>The body of SetFieldAccessControl, SetTemplateAccessControl and the default-ACL setters.</summary>
public sealed record SetDefinitionAccessControlRequest
{
    public List<DefinitionAccessControlEntry>? Entries { get; init; }
}

/// <summary>EntryRights, FieldRights and TemplateRights: the rights, by name, and whether the session is read-only.</summary>
public sealed record RightsResponse(List<string> Rights, bool IsReadOnly);

/// <summary>The spec's SessionRights.</summary>
public sealed record SessionRights(Dictionary<string, bool> Privileges, Dictionary<string, bool> FeatureRights, bool IsReadOnly);

/// <summary>The spec's TrusteeSecurity.</summary>
public sealed record TrusteeSecurity(
    Dictionary<string, bool> Privileges, Dictionary<string, bool> FeatureRights, bool IsReadOnly, List<TrusteeTag> Tags, TrusteeAuditMasks AuditMasks);

public sealed record TrusteeTag(int Id, string Name, bool IsSecure);

public sealed record TrusteeAuditMasks(Dictionary<string, bool> Success, Dictionary<string, bool> Failure);
