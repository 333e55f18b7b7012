using LfRepo.Server.Entries;
using LfRepo.Server.Problems;
using LfRepo.Server.Storage;

namespace LfRepo.Server.Security;

/// <summary>One explicit entry ACE to store.</summary>
public sealed record EntryAceInput(string TrusteeSid, bool IsDeny, EntryRight Rights, EntryAccessScope Scope);

/// <summary>One definition ACE to store; rights are a FieldRight or TemplateRight bit set.</summary>
public sealed record DefinitionAceInput(string TrusteeSid, bool IsDeny, int Rights);

/// <summary>
/// Reads and replaces access control lists — of entries (with inheritance) and of field and template definitions
/// and their repository defaults — and checks what a client sends as an ACL.
/// </summary>
public sealed class AccessControlService(StoreConnection store, UserDirectory directory, EntryAccess access, DefinitionAccess definitions)
{
    public async Task<bool> HasExplicitAclAsync(int entryId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM EntryAces WHERE EntryId = @id) OR EXISTS (SELECT 1 FROM EntryInheritance WHERE EntryId = @id)";
        command.AddWithValue("@id", entryId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken)) != 0;
    }

    /// <summary>The entry's ACL: its explicit ACEs, then (unless asked not to) those its ancestors pass down to it.</summary>
    public async Task<AccessControlList> ReadEntryAclAsync(int entryId, bool includeInherited, CancellationToken cancellationToken)
    {
        var chain = await access.ReadChainAsync(entryId, cancellationToken);
        if (!chain.Exists)
        {
            throw EntryReader.NotFound(entryId);
        }
        var entries = new List<AccessControlEntry>();
        foreach (var ace in chain.Aces)
        {
            var inherited = ace.Depth > 0;
            if (inherited && (!includeInherited || !EntryAccess.Reaches(ace.Scope, ace.Depth, chain.IsContainer)))
            {
                continue;
            }
            entries.Add(new AccessControlEntry
            {
                Trustee = Identity(ace.TrusteeSid),
                AccessControlType = ace.IsDeny ? "Deny" : "Allow",
                Rights = [.. RightNames.Of(ace.Rights)],
                Scope = ace.Scope.ToString(),
                IsInherited = inherited,
                InheritedFrom = inherited ? ace.EntryPath : null,
            });
        }
        return new AccessControlList(entries, chain.InheritParents);
    }

    /// <summary>Replaces the entry's explicit ACEs; <paramref name="inheritParents"/> null keeps the current setting.</summary>
    public async Task SetEntryAclAsync(int entryId, IReadOnlyList<EntryAceInput> aces, bool? inheritParents, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM EntryAces WHERE EntryId = @entry";
            command.AddWithValue("@entry", entryId);
            await command.ExecuteNonQueryAsync(cancellationToken);
            command.CommandText = "INSERT INTO EntryAces (EntryId, Position, TrusteeSid, IsDeny, Rights, Scope) VALUES (@entry, @position, @sid, @deny, @rights, @scope)";
            var position = command.AddParameter("@position");
            var sid = command.AddParameter("@sid");
            var deny = command.AddParameter("@deny");
            var rights = command.AddParameter("@rights");
            var scope = command.AddParameter("@scope");
            for (var i = 0; i < aces.Count; i++)
            {
                (position.Value, sid.Value, deny.Value, rights.Value, scope.Value) = (i, aces[i].TrusteeSid, aces[i].IsDeny ? 1 : 0, (int)aces[i].Rights, (int)aces[i].Scope);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        if (inheritParents is { } inherit)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO EntryInheritance (EntryId, InheritParents) VALUES (@entry, @inherit) ON CONFLICT (EntryId) DO UPDATE SET InheritParents = excluded.InheritParents";
            command.AddWithValue("@entry", entryId);
            command.AddWithValue("@inherit", inherit);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Checks a client's entry ACEs: no inherited ones, known trustees, known rights and scopes.</summary>
    public IReadOnlyList<EntryAceInput> ParseEntryAces(IReadOnlyList<AccessControlEntry>? entries)
    {
        var result = new List<EntryAceInput>();
        for (var i = 0; i < (entries?.Count ?? 0); i++)
        {
            var ace = entries![i] ?? throw new ApiProblemException(ProblemCatalog.InvalidAccessControl, $"entries[{i}] is null.");
            var where = $"entries[{i}]";
            if (ace.IsInherited)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidAccessControl,
                    $"{where} is marked isInherited; inherited ACEs cannot be set, only the entry's own (use inheritParents for inheritance).");
            }
            var scope = EntryAccessScope.All;
            if (ace.Scope is not null && (!Enum.TryParse(ace.Scope, ignoreCase: true, out scope) || int.TryParse(ace.Scope, out _)))
            {
                throw new ApiProblemException(ProblemCatalog.InvalidAccessControl,
                    $"{where}.scope: '{ace.Scope}' is not an EntryAccessScope; use {string.Join(", ", Enum.GetNames<EntryAccessScope>())}.");
            }
            result.Add(new EntryAceInput(ResolveTrustee(ace.Trustee, where), IsDeny(ace.AccessControlType, where, required: false),
                (EntryRight)RightNames.Parse<EntryRight>(ace.Rights, $"{where}.rights"), scope));
        }
        return result;
    }

    /// <summary>Checks a client's field or template ACEs; <typeparamref name="T"/> is FieldRight or TemplateRight.</summary>
    public IReadOnlyList<DefinitionAceInput> ParseDefinitionAces<T>(IReadOnlyList<DefinitionAccessControlEntry>? entries) where T : struct, Enum
    {
        var result = new List<DefinitionAceInput>();
        for (var i = 0; i < (entries?.Count ?? 0); i++)
        {
            var ace = entries![i] ?? throw new ApiProblemException(ProblemCatalog.InvalidAccessControl, $"entries[{i}] is null.");
            var where = $"entries[{i}]";
            if (ace.IsInherited)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidAccessControl, $"{where} is marked isInherited; field and template ACEs are never inherited.");
            }
            result.Add(new DefinitionAceInput(ResolveTrustee(ace.Trustee, where), IsDeny(ace.AccessControlType, where, required: true),
                RightNames.Parse<T>(ace.Rights, $"{where}.rights")));
        }
        return result;
    }

    /// <summary>The SID of a trustee named by sid (preferred) or accountName; an unknown one is a 400.</summary>
    private string ResolveTrustee(TrusteeIdentity? trustee, string where)
    {
        if (trustee is null || string.IsNullOrWhiteSpace(trustee.Sid) && string.IsNullOrWhiteSpace(trustee.AccountName))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidAccessControl, $"{where}.trustee is required: give trustee.sid or trustee.accountName.");
        }
        if (!string.IsNullOrWhiteSpace(trustee.Sid))
        {
            return directory.FindBySid(trustee.Sid)?.Sid
                ?? throw new ApiProblemException(ProblemCatalog.UnknownTrustee, $"{where}.trustee.sid: no user or group has the SID '{trustee.Sid}'.");
        }
        return directory.FindByName(trustee.AccountName!)?.Sid
            ?? throw new ApiProblemException(ProblemCatalog.UnknownTrustee, $"{where}.trustee.accountName: no user or group is named '{trustee.AccountName}'.");
    }

    private static bool IsDeny(string? type, string where, bool required) => type switch
    {
        null when !required => false,
        null => throw new ApiProblemException(ProblemCatalog.InvalidAccessControl, $"{where}.accessControlType is required: Allow or Deny."),
        _ when string.Equals(type, "Allow", StringComparison.OrdinalIgnoreCase) => false,
        _ when string.Equals(type, "Deny", StringComparison.OrdinalIgnoreCase) => true,
        _ => throw new ApiProblemException(ProblemCatalog.InvalidAccessControl, $"{where}.accessControlType: '{type}' is not Allow or Deny."),
    };

    public TrusteeIdentity Identity(string sid) => directory.FindBySid(sid) is { } trustee
        ? TrusteeIdentity.Of(trustee, withDisplayName: false)
        : new TrusteeIdentity { Sid = sid, AccountName = sid, TrusteeType = "LaserficheUser", IsUser = true };

    /// <summary>The ACEs of a field or template definition, or of a repository default (id 0).</summary>
    public async Task<List<(string TrusteeSid, bool IsDeny, int Rights)>> ReadDefinitionAclAsync(DefinitionAclKind kind, int definitionId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT TrusteeSid, IsDeny, Rights FROM DefinitionAces WHERE Kind = @kind AND DefinitionId = @id ORDER BY Position";
        command.AddWithValue("@kind", (int)kind);
        command.AddWithValue("@id", definitionId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var aces = new List<(string, bool, int)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            aces.Add((reader.GetString(0), reader.GetFlag(1), reader.GetInt32(2)));
        }
        return aces;
    }

    public async Task SetDefinitionAclAsync(DefinitionAclKind kind, int definitionId, IReadOnlyList<DefinitionAceInput> aces, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM DefinitionAces WHERE Kind = @kind AND DefinitionId = @id";
        command.AddWithValue("@kind", (int)kind);
        command.AddWithValue("@id", definitionId);
        await command.ExecuteNonQueryAsync(cancellationToken);
        command.CommandText = "INSERT INTO DefinitionAces (Kind, DefinitionId, Position, TrusteeSid, IsDeny, Rights) VALUES (@kind, @id, @position, @sid, @deny, @rights)";
        var position = command.AddParameter("@position");
        var sid = command.AddParameter("@sid");
        var deny = command.AddParameter("@deny");
        var rights = command.AddParameter("@rights");
        for (var i = 0; i < aces.Count; i++)
        {
            (position.Value, sid.Value, deny.Value, rights.Value) = (i, aces[i].TrusteeSid, aces[i].IsDeny ? 1 : 0, aces[i].Rights);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await StoreGenerations.BumpAsync(connection, transaction, DirectoryFollower.Name, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await definitions.LoadAsync(cancellationToken);
    }

    /// <summary>
    /// A principal's rights on a definition. While the definition has no ACL, everyone holds its everyday rights
    /// (Everyday: reading and setting values, reading the definition and its permissions) and none
    /// that administer it; else what its ACEs allow and do not deny. Administrators and holders of the
    /// metadata-management privilege (ManageTemplates) hold every right unless only the ACL is asked for.
    /// </summary>
    public static int DefinitionRights(IReadOnlyList<(string TrusteeSid, bool IsDeny, int Rights)> aces, SecurityPrincipal principal, int all, bool aclOnly)
    {
        if (!aclOnly && principal.Holds(SecurityPrivileges.ManageTemplates))
        {
            return all;
        }
        if (aces.Count == 0)
        {
            return all == (int)FieldRight.All ? (int)FieldRight.Everyday : (int)TemplateRight.Everyday;
        }
        int allow = 0, deny = 0;
        foreach (var (sid, isDeny, rights) in aces)
        {
            if (principal.Sids.Contains(sid))
            {
                if (isDeny)
                {
                    deny |= rights;
                }
                else
                {
                    allow |= rights;
                }
            }
        }
        return allow & ~deny;
    }
}
