using System.Data.Common;
using LfRepo.Server.Entries;
using LfRepo.Server.Problems;
using LfRepo.Server.Storage;
using Microsoft.AspNetCore.Identity;
using LfRepo.Server.Auth;

namespace LfRepo.Server.Security;

/// <summary>A user or group as the directory knows it, with the groups it belongs to directly.</summary>
public sealed record Trustee(
    string Sid, string Name, string DisplayName, bool IsGroup, bool IsDisabled, bool IsAdministrator,
    IReadOnlyList<string> Privileges, IReadOnlyList<string> FeatureRights, IReadOnlyList<string> GroupSids);

/// <summary>Who a request (or a task) runs as: the user, whether rights are bypassed, and every SID the ACLs may name.</summary>
public sealed record SecurityPrincipal(Trustee Trustee, IReadOnlyList<string> Sids)
{
    public bool IsAdministrator => Trustee.IsAdministrator;

    public string UserName => Trustee.Name;

    /// <summary>Whether the principal holds the privilege: administrators hold every one.</summary>
    public bool Holds(string privilege) =>
        IsAdministrator || Trustee.Privileges.Contains(privilege, StringComparer.OrdinalIgnoreCase);
}

/// <summary>What it takes to make a user: one call, used by the seed and by anything adding users at run time.</summary>
public sealed record NewUser(
    string Name, string Password, string? DisplayName = null, IReadOnlyList<string>? Groups = null, bool IsAdministrator = false,
    bool IsDisabled = false, IReadOnlyList<string>? Privileges = null, IReadOnlyList<string>? FeatureRights = null);

/// <summary>
/// The users and groups of the repository. Held in memory (a repository has few trustees and every request asks
/// who its caller is) and reloaded after each change; passwords stay in Users, hashed.
/// </summary>
public sealed class UserDirectory(StoreConnection store, IPasswordHasher<UserRecord> passwordHasher)
{
    /// <summary>The built-in group every user belongs to.</summary>
    public const string EveryoneSid = "S-1-1-0";

    public const string EveryoneName = "Everyone";

    /// <summary>The machine-like domain part of every SID LfRepo issues; the last part is 1000 + the trustee's row id.</summary>
    private const string DomainSid = "S-1-5-21-3623811015-3361044348-30300820";

    private volatile IReadOnlyDictionary<string, Trustee> _bySid = new Dictionary<string, Trustee>();
    private volatile IReadOnlyDictionary<string, Trustee> _byName = new Dictionary<string, Trustee>();
    private readonly SemaphoreSlim _writes = new(1, 1);

    public IEnumerable<Trustee> All => _bySid.Values;

    /// <summary>Counts the directory's reloads: a change of users (passwords included) makes earlier checks stale.</summary>
    public int Version => Volatile.Read(ref _version);

    private int _version;

    public Trustee? FindBySid(string sid) => _bySid.GetValueOrDefault(sid);

    public Trustee? FindByName(string name) => _byName.GetValueOrDefault(EntryNames.Key(name));

    /// <summary>Whether <paramref name="userName"/> is an enabled user with the administrator privilege.</summary>
    public bool IsAdministrator(string? userName) =>
        userName is not null && FindByName(userName) is { IsGroup: false, IsDisabled: false, IsAdministrator: true };

    /// <summary>The principal of a signed-in user name; a name the directory does not hold is an ordinary user in Everyone only.</summary>
    public SecurityPrincipal Principal(string userName) =>
        PrincipalOf(FindByName(userName) ?? new Trustee("", userName, userName, false, false, false, [], [], []));

    /// <summary>The principal of a user or group: its SID, its groups' (transitively), and Everyone's.</summary>
    public SecurityPrincipal PrincipalOf(Trustee user)
    {
        var sids = new List<string>();
        if (user.Sid.Length > 0)
        {
            sids.Add(user.Sid);
        }
        var pending = new Queue<string>(user.GroupSids);
        while (pending.TryDequeue(out var groupSid))
        {
            if (!sids.Contains(groupSid) && _bySid.TryGetValue(groupSid, out var group))
            {
                sids.Add(groupSid);
                foreach (var parent in group.GroupSids)
                {
                    pending.Enqueue(parent);
                }
            }
        }
        if (!sids.Contains(EveryoneSid))
        {
            sids.Add(EveryoneSid);
        }
        return new SecurityPrincipal(user, sids);
    }

    /// <summary>
    /// The principal the rights operations report on: the trustee named by SID or name, else the caller; an unknown
    /// trustee is a 404, and asking about someone else needs the ManageTrustees privilege (403).
    /// </summary>
    public SecurityPrincipal Resolve(string? trusteeId, string? trusteeName, string caller)
    {
        Trustee? trustee = null;
        if (!string.IsNullOrEmpty(trusteeId))
        {
            trustee = FindBySid(trusteeId)
                ?? throw new ApiProblemException(ProblemCatalog.TrusteeNotFound, $"No user or group has the SID '{trusteeId}'.");
        }
        else if (!string.IsNullOrEmpty(trusteeName))
        {
            trustee = FindByName(trusteeName)
                ?? throw new ApiProblemException(ProblemCatalog.TrusteeNotFound, $"No user or group is named '{trusteeName}'.");
        }
        var self = Principal(caller);
        if (trustee is null)
        {
            return self;
        }
        RequireManageTrustees(self, trustee);
        return PrincipalOf(trustee);
    }

    /// <summary>Refuses (403) a caller without the ManageTrustees privilege who asks about another trustee's security.</summary>
    public void RequireManageTrustees(SecurityPrincipal caller, Trustee about)
    {
        if (about.Sid != caller.Trustee.Sid && !caller.Holds(SecurityPrivileges.ManageTrustees))
        {
            throw new ApiProblemException(ProblemCatalog.AccessDenied,
                $"User '{caller.UserName}' lacks the ManageTrustees privilege needed to read the security of '{about.Name}'.");
        }
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        var memberships = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT GroupSid, MemberSid FROM TrusteeMembers";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var member = reader.GetString(1);
                if (!memberships.TryGetValue(member, out var groups))
                {
                    memberships[member] = groups = [];
                }
                groups.Add(reader.GetString(0));
            }
        }
        var bySid = new Dictionary<string, Trustee>(StringComparer.Ordinal);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT Sid, Name, DisplayName, IsGroup, IsDisabled, IsAdministrator, Privileges, FeatureRights FROM Trustees";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var sid = reader.GetString(0);
                bySid[sid] = new Trustee(
                    sid, reader.GetString(1), reader.GetString(2), reader.GetFlag(3), reader.GetFlag(4), reader.GetFlag(5),
                    Split(reader.GetString(6)), Split(reader.GetString(7)), memberships.GetValueOrDefault(sid) ?? []);
            }
        }
        _byName = bySid.Values.ToDictionary(t => EntryNames.Key(t.Name), StringComparer.Ordinal);
        _bySid = bySid;
        Interlocked.Increment(ref _version);
    }

    /// <summary>
    /// Creates the user, or brings an existing one to what <paramref name="user"/> says (password included), and
    /// makes it a member of exactly the named groups, which must exist.
    /// </summary>
    public async Task<Trustee> CreateUserAsync(NewUser user, CancellationToken cancellationToken)
    {
        var privileges = (user.Privileges ?? []).Select(p => SecurityPrivileges.Normalize(p, SecurityPrivileges.Privileges, "privilege")).ToList();
        var featureRights = (user.FeatureRights ?? SecurityPrivileges.FeatureRights)
            .Select(f => SecurityPrivileges.Normalize(f, SecurityPrivileges.FeatureRights, "feature right")).ToList();
        var groupSids = (user.Groups ?? []).Select(g => FindByName(g) is { IsGroup: true } group
            ? group.Sid
            : throw new InvalidOperationException($"User '{user.Name}' names the group '{g}', which does not exist.")).ToList();

        await _writes.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await store.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await SetPasswordAsync(connection, transaction, user.Name, user.Password, cancellationToken);
            var sid = await UpsertTrusteeAsync(connection, transaction, user.Name, user.DisplayName ?? user.Name, isGroup: false,
                user.IsDisabled, user.IsAdministrator, privileges, featureRights, cancellationToken);
            await using (var members = connection.CreateCommand())
            {
                members.Transaction = transaction;
                members.CommandText = "DELETE FROM TrusteeMembers WHERE MemberSid = @sid";
                members.AddWithValue("@sid", sid);
                await members.ExecuteNonQueryAsync(cancellationToken);
                members.CommandText = "INSERT INTO TrusteeMembers (GroupSid, MemberSid) VALUES (@group, @sid)";
                var group = members.AddParameter("@group");
                foreach (var groupSid in groupSids.Distinct())
                {
                    group.Value = groupSid;
                    await members.ExecuteNonQueryAsync(cancellationToken);
                }
            }
            await StoreGenerations.BumpAsync(connection, transaction, DirectoryFollower.Name, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            _writes.Release();
        }
        await LoadAsync(cancellationToken);
        return FindByName(user.Name)!;
    }

    /// <summary>Creates a group (or updates its display name); members join it through <see cref="CreateUserAsync"/>.</summary>
    public async Task<Trustee> CreateGroupAsync(string name, string? displayName, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await store.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await UpsertTrusteeAsync(connection, transaction, name, displayName ?? name, isGroup: true, false, false, [], [], cancellationToken);
            await StoreGenerations.BumpAsync(connection, transaction, DirectoryFollower.Name, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            _writes.Release();
        }
        await LoadAsync(cancellationToken);
        return FindByName(name)!;
    }

    /// <summary>The built-in Everyone group, so ACLs can name it.</summary>
    public async Task EnsureBuiltInsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO Trustees (Sid, Name, NameKey, DisplayName, IsGroup, IsDisabled, IsAdministrator, Privileges, FeatureRights)
            VALUES (@sid, @name, @key, @name, 1, 0, 0, '', '') ON CONFLICT DO NOTHING
            """;
        command.AddWithValue("@sid", EveryoneSid);
        command.AddWithValue("@name", EveryoneName);
        command.AddWithValue("@key", EntryNames.Key(EveryoneName));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task SetPasswordAsync(DbConnection connection, DbTransaction transaction, string name, string password, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT UserName, PasswordHash FROM Users WHERE UserName = @name";
        command.AddWithValue("@name", name);
        string? hash = null;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                hash = reader.GetString(1);
            }
        }
        var record = new UserRecord { UserName = name, PasswordHash = hash ?? "" };
        if (hash is not null && passwordHasher.VerifyHashedPassword(record, hash, password) != PasswordVerificationResult.Failed)
        {
            return;
        }
        command.CommandText = "INSERT INTO Users (UserName, PasswordHash) VALUES (@name, @hash) ON CONFLICT (UserName) DO UPDATE SET PasswordHash = excluded.PasswordHash";
        command.AddWithValue("@hash", passwordHasher.HashPassword(record, password));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<string> UpsertTrusteeAsync(
        DbConnection connection, DbTransaction transaction, string name, string displayName, bool isGroup, bool isDisabled,
        bool isAdministrator, IReadOnlyList<string> privileges, IReadOnlyList<string> featureRights, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // The SID is settled by the row id once the row exists, so it never changes afterwards.
        command.CommandText = """
            INSERT INTO Trustees (Sid, Name, NameKey, DisplayName, IsGroup, IsDisabled, IsAdministrator, Privileges, FeatureRights)
            VALUES ('pending:' || @key, @name, @key, @display, @group, @disabled, @admin, @privileges, @features)
            ON CONFLICT (NameKey) DO UPDATE SET DisplayName = excluded.DisplayName, IsDisabled = excluded.IsDisabled,
                IsAdministrator = excluded.IsAdministrator, Privileges = excluded.Privileges, FeatureRights = excluded.FeatureRights;
            UPDATE Trustees SET Sid = @domain || '-' || (1000 + Id) WHERE NameKey = @key AND Sid LIKE 'pending:%';
            SELECT Sid FROM Trustees WHERE NameKey = @key;
            """;
        command.AddWithValue("@key", EntryNames.Key(name));
        command.AddWithValue("@name", name);
        command.AddWithValue("@display", displayName);
        command.AddWithValue("@group", isGroup);
        command.AddWithValue("@disabled", isDisabled);
        command.AddWithValue("@admin", isAdministrator);
        command.AddWithValue("@privileges", string.Join(',', privileges));
        command.AddWithValue("@features", string.Join(',', featureRights));
        command.AddWithValue("@domain", DomainSid);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static string[] Split(string names) => names.Length == 0 ? [] : names.Split(',');
}
