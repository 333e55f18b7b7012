using LfRepo.Server.Entries;
using LfRepo.Server.Hosting;

namespace LfRepo.Server.Security;

/// <summary>A group the seed declares.</summary>
public sealed record GroupSeed
{
    public required string Name { get; init; }

    public string? DisplayName { get; init; }
}

/// <summary>A user the seed declares; the password is stored hashed.</summary>
public sealed record UserSeed
{
    public required string Name { get; init; }

    public required string Password { get; init; }

    public string? DisplayName { get; init; }

    public bool Disabled { get; init; }

    public bool Administrator { get; init; }

    public List<string> Groups { get; init; } = [];

    /// <summary>Privilege names ("Manage Trustees" or ManageTrustees).</summary>
    public List<string> Privileges { get; init; } = [];

    /// <summary>Feature-right names; omitted, the user holds every feature right.</summary>
    public List<string>? FeatureRights { get; init; }
}

/// <summary>The access control list the seed sets on the entry at <see cref="Path"/>.</summary>
public sealed record AccessControlSeed
{
    public required string Path { get; init; }

    public bool InheritParents { get; init; } = true;

    public List<AceSeed> Entries { get; init; } = [];
}

/// <summary>One ACE of a seeded ACL: a trustee by account name, Allow or Deny, the rights and the scope.</summary>
public sealed record AceSeed
{
    public required string Trustee { get; init; }

    public string AccessControlType { get; init; } = "Allow";

    public List<string> Rights { get; init; } = [];

    public EntryAccessScope Scope { get; init; } = EntryAccessScope.All;
}

/// <summary>
/// Applies the seed's security: the configured administrator, the groups and users, then the ACLs (each only
/// on an entry that has none yet, so ACLs changed at run time survive a restart).
/// </summary>
public sealed class SecuritySeeder(UserDirectory directory, AccessControlService acl, DefinitionAccess definitions, EntryReader reader, EmulatorOptions options)
{
    /// <summary>The administrator, groups and users; before any folder is made, so the seed's folders are made as the administrator.</summary>
    public async Task ApplyTrusteesAsync(IReadOnlyList<GroupSeed> groups, IReadOnlyList<UserSeed> users, CancellationToken cancellationToken)
    {
        await directory.EnsureBuiltInsAsync(cancellationToken);
        await definitions.LoadAsync(cancellationToken);
        await directory.CreateUserAsync(new NewUser(options.AdminUser, options.AdminPassword, "Administrator", IsAdministrator: true), cancellationToken);
        foreach (var group in groups)
        {
            await directory.CreateGroupAsync(group.Name, group.DisplayName, cancellationToken);
        }
        foreach (var user in users)
        {
            await directory.CreateUserAsync(new NewUser(
                user.Name, user.Password, user.DisplayName, user.Groups, user.Administrator, user.Disabled, user.Privileges, user.FeatureRights), cancellationToken);
        }
    }

    /// <summary>The seed's access control lists, once its folders exist.</summary>
    public async Task ApplyAclsAsync(IReadOnlyList<AccessControlSeed> lists, CancellationToken cancellationToken)
    {
        foreach (var list in lists)
        {
            var (entry, _) = await reader.FindByPathAsync(list.Path, cancellationToken);
            if (entry is null)
            {
                throw new InvalidOperationException($"The seed sets an access control list on '{list.Path}', which does not exist.");
            }
            if (await acl.HasExplicitAclAsync(entry.Id, cancellationToken))
            {
                continue;
            }
            var aces = list.Entries.Select(a => new EntryAceInput(
                directory.FindByName(a.Trustee)?.Sid ?? throw new InvalidOperationException($"The seed's ACL on '{list.Path}' names '{a.Trustee}', who is not a user or group."),
                string.Equals(a.AccessControlType, "Deny", StringComparison.OrdinalIgnoreCase),
                (EntryRight)RightNames.Parse<EntryRight>(a.Rights, $"The seed's ACL on '{list.Path}'"),
                a.Scope)).ToList();
            await acl.SetEntryAclAsync(entry.Id, aces, list.InheritParents, cancellationToken);
        }
    }
}
