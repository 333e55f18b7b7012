namespace LfRepo.Server.Security;

/// <summary>The spec's EntryRight values, one bit each, in the spec's order.</summary>
[Flags]
public enum EntryRight
{
    None = 0,
    Browse = 1 << 0,
    Read = 1 << 1,
    WriteContent = 1 << 2,
    AddPage = 1 << 3,
    Rename = 1 << 4,
    RemovePage = 1 << 5,
    Freeze = 1 << 6,
    Annotate = 1 << 7,
    SeeThroughRedactions = 1 << 8,
    SeeAnnotations = 1 << 9,
    SetReviewDate = 1 << 10,
    WriteMetadata = 1 << 11,
    CreateFolder = 1 << 12,
    CreateDocument = 1 << 13,
    SetEventDate = 1 << 14,
    Close = 1 << 15,
    Delete = 1 << 16,
    ReadPermissions = 1 << 17,
    ChangePermissions = 1 << 18,
    TakeOwnership = 1 << 19,
    All = (1 << 20) - 1,
}

/// <summary>How an entry ACE propagates (the spec's EntryAccessScope), stored by this number.</summary>
public enum EntryAccessScope
{
    ThisEntry = 0,
    Folders = 1,
    All = 2,
    NotThisEntry = 3,
    FoldersOnly = 4,
    DocumentsOnly = 5,
    Immediate = 6,
    ImmediateChildren = 7,
    ImmediateDocuments = 8,
}

/// <summary>The spec's FieldRight values, one bit each.</summary>
[Flags]
public enum FieldRight
{
    None = 0,
    ReadValue = 1 << 0,
    SetValue = 1 << 1,
    SetValueOnce = 1 << 2,
    ModifyDefinition = 1 << 3,
    Delete = 1 << 4,
    ReadPermissions = 1 << 5,
    ChangePermissions = 1 << 6,
    TakeOwnership = 1 << 7,
    All = (1 << 8) - 1,

    /// <summary>What everyone holds on a field without an ACL: its values and its permissions to read, nothing to administer.</summary>
    Everyday = ReadValue | SetValue | SetValueOnce | ReadPermissions,
}

/// <summary>The spec's TemplateRight values, one bit each.</summary>
[Flags]
public enum TemplateRight
{
    None = 0,
    ReadDefinition = 1 << 0,
    Modify = 1 << 1,
    Delete = 1 << 2,
    ReadPermissions = 1 << 3,
    ChangePermissions = 1 << 4,
    TakeOwnership = 1 << 5,
    All = (1 << 6) - 1,

    /// <summary>What everyone holds on a template without an ACL: reading it and its permissions, nothing to administer.</summary>
    Everyday = ReadDefinition | ReadPermissions,
}

/// <summary>Rights as the wire lists them: one name per set bit, in the spec's order.</summary>
public static class RightNames
{
    public static IEnumerable<string> Of<T>(T rights) where T : struct, Enum
    {
        var bits = Convert.ToInt32(rights);
        foreach (var value in Enum.GetValues<T>())
        {
            var bit = Convert.ToInt32(value);
            if (bit != 0 && (bit & (bit - 1)) == 0 && (bits & bit) != 0)
            {
                yield return value.ToString();
            }
        }
    }

    /// <summary>Parses rights named on the wire; an unknown name is a 400 naming it and the allowed ones.</summary>
    public static int Parse<T>(IEnumerable<string>? names, string member) where T : struct, Enum
    {
        var bits = 0;
        foreach (var name in names ?? [])
        {
            if (!Enum.TryParse<T>(name, ignoreCase: true, out var value) || name is "None" or "All" || int.TryParse(name, out _))
            {
                throw new Problems.ApiProblemException(Problems.ProblemCatalog.InvalidRequest,
                    $"{member}: '{name}' is not a {typeof(T).Name}; use {string.Join(", ", Of(Enum.Parse<T>("All")))}.");
            }
            bits |= Convert.ToInt32(value);
        }
        return bits;
    }
}

/// <summary>
/// The privileges and feature rights a trustee may hold, by the names SessionRights and TrusteeSecurity report.
/// Enforced: administrators hold every privilege; ManageTemplates gives full control of every field and template
/// definition (the spec's metadata-management overlay), creates them and sets their default ACLs; ManageTrustees
/// reads other trustees' security and rights; ManageEntryAccess gives ReadPermissions and ChangePermissions on every
/// entry the holder may browse; ManageStamps creates, changes and deletes public stamps. The others are reported as the seed declares them.
/// </summary>
public static class SecurityPrivileges
{
    public const string ManageTrustees = "ManageTrustees";
    public const string ManageEntryAccess = "ManageEntryAccess";
    public const string ManageTemplates = "ManageTemplates";
    public const string ManageStamps = "ManageStamps";

    public static readonly string[] Privileges =
        ["ManageTrustees", "ManageEntryAccess", "ManageTemplates", "ManageVolumes", "ManageLocks", "ManageAuditing", "RecordManager", "ManageSecurityTags", "ManageStamps"];

    public static readonly string[] FeatureRights = ["Search", "Import", "Export", "Print", "Scan", "Email", "Annotate"];

    /// <summary>The audit classes TrusteeSecurity's masks name; LfRepo audits none of them.</summary>
    public static readonly string[] AuditClasses = ["EntryCreate", "EntryModify", "EntryDelete", "DocumentView", "DocumentExport", "Search", "Security"];

    /// <summary>A seed's name for a privilege ("Manage Trustees" or ManageTrustees) as reported.</summary>
    public static string Normalize(string name, string[] known, string what)
    {
        var compact = name.Replace(" ", "", StringComparison.Ordinal);
        return known.FirstOrDefault(k => string.Equals(k, compact, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"'{name}' is not a {what}; use one of {string.Join(", ", known)}.");
    }
}
