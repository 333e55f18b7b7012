using LfRepo.Server.Problems;
using LfRepo.Server.Storage;

namespace LfRepo.Server.Security;

/// <summary>
/// Field and template rights, asked on every metadata read and write: the definitions' ACLs are held in memory
/// (a repository has few) and reloaded when one changes. A field the caller may not read (ReadValue) is hidden
/// from them; one they may not set (SetValue) refuses their writes.
/// </summary>
public sealed class DefinitionAccess(StoreConnection store, UserDirectory directory)
{
    private volatile IReadOnlyDictionary<(DefinitionAclKind, int), List<(string TrusteeSid, bool IsDeny, int Rights)>> _acls =
        new Dictionary<(DefinitionAclKind, int), List<(string, bool, int)>>();

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Kind, DefinitionId, TrusteeSid, IsDeny, Rights FROM DefinitionAces ORDER BY Kind, DefinitionId, Position";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var acls = new Dictionary<(DefinitionAclKind, int), List<(string, bool, int)>>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = ((DefinitionAclKind)reader.GetInt32(0), reader.GetInt32(1));
            if (!acls.TryGetValue(key, out var aces))
            {
                acls[key] = aces = [];
            }
            aces.Add((reader.GetString(2), reader.GetFlag(3), reader.GetInt32(4)));
        }
        _acls = acls;
    }

    /// <summary>
    /// The SQL that gives a just-created definition (@id) the repository's default ACL of its kind (@default into
    /// @kind), replacing whatever a deleted definition with the same id left; run it in the creating transaction,
    /// then <see cref="LoadAsync"/>.
    /// </summary>
    public const string TakeDefaultAclSql = """
        DELETE FROM DefinitionAces WHERE Kind = @kind AND DefinitionId = @id;
        INSERT INTO DefinitionAces (Kind, DefinitionId, Position, TrusteeSid, IsDeny, Rights)
        SELECT @kind, @id, Position, TrusteeSid, IsDeny, Rights FROM DefinitionAces WHERE Kind = @default AND DefinitionId = 0;
        """;

    public static (string, object?)[] TakeDefaultAclParameters(DefinitionAclKind kind, int id) =>
        [("@kind", (int)kind), ("@id", id), ("@default", (int)(kind == DefinitionAclKind.Field ? DefinitionAclKind.DefaultField : DefinitionAclKind.DefaultTemplate))];

    public IReadOnlyList<(string TrusteeSid, bool IsDeny, int Rights)> Acl(DefinitionAclKind kind, int id) =>
        _acls.GetValueOrDefault((kind, id)) ?? [];

    public FieldRight FieldRights(SecurityPrincipal principal, int fieldId, bool aclOnly = false) =>
        (FieldRight)AccessControlService.DefinitionRights(Acl(DefinitionAclKind.Field, fieldId), principal, (int)FieldRight.All, aclOnly);

    public TemplateRight TemplateRights(SecurityPrincipal principal, int templateId, bool aclOnly = false) =>
        (TemplateRight)AccessControlService.DefinitionRights(Acl(DefinitionAclKind.Template, templateId), principal, (int)TemplateRight.All, aclOnly);

    /// <summary>Whether <paramref name="user"/> may see the values (and the existence) of a field.</summary>
    public bool CanRead(string user, int fieldId) => FieldRights(directory.Principal(user), fieldId).HasFlag(FieldRight.ReadValue);

    /// <summary>Refuses a write of a field the user may not set (403 naming the field and the right).</summary>
    public void RequireSetValue(string user, int fieldId, string fieldName)
    {
        var principal = directory.Principal(user);
        var rights = FieldRights(principal, fieldId);
        if (!rights.HasFlag(FieldRight.ReadValue))
        {
            throw new ApiProblemException(ProblemCatalog.UnknownField, $"The field '{fieldName}' does not exist.");
        }
        if (!rights.HasFlag(FieldRight.SetValue))
        {
            throw new ApiProblemException(ProblemCatalog.AccessDenied, $"User '{principal.UserName}' lacks the SetValue right on the field '{fieldName}'.");
        }
    }

    /// <summary>Refuses assigning a template the user may not read (ReadDefinition): for them it does not exist.</summary>
    public void RequireTemplate(string user, int templateId, string templateName)
    {
        if (!TemplateRights(directory.Principal(user), templateId).HasFlag(TemplateRight.ReadDefinition))
        {
            throw new ApiProblemException(ProblemCatalog.TemplateNotFound, $"The template '{templateName}' does not exist.");
        }
    }
}
