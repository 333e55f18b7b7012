using System.Data.Common;
using LfRepo.Server.Entries;
using LfRepo.Server.Problems;
using LfRepo.Server.Storage;

namespace LfRepo.Server.Security;

/// <summary>One ACE on an entry's way to the root: where it is set and how far from the entry.</summary>
public sealed record ChainAce(int Depth, int EntryId, string EntryPath, string TrusteeSid, bool IsDeny, EntryRight Rights, EntryAccessScope Scope);

/// <summary>An entry's ancestry as rights see it: whether it exists, is a container, inherits, and every ACE that may reach it.</summary>
public sealed record EntryChain(bool Exists, bool IsContainer, bool InheritParents, IReadOnlyList<ChainAce> Aces)
{
    public static readonly EntryChain Missing = new(false, false, true, []);
}

/// <summary>A SQL condition on the listed entries <c>e</c> keeping those the caller may browse, with its parameters.</summary>
public sealed record BrowseFilter(string Sql, IReadOnlyList<(string Name, object Value)> Parameters)
{
    public void Bind(DbCommand command)
    {
        foreach (var (name, value) in Parameters)
        {
            command.AddWithValue(name, value);
        }
    }
}

/// <summary>
/// Effective entry rights, the one mechanism every feature asks. Rights are the entry's own ACEs plus, while
/// inheritParents is on, its ancestors' ACEs whose scope reaches it; group membership counts; Deny wins over Allow;
/// administrators have every right. One recursive query reads an entry's ancestry; a listing reads its folder's
/// ancestry once and then probes each child's own ACEs in the listing's SQL.
/// </summary>
public sealed class EntryAccess(StoreConnection store, UserDirectory directory, EntryReader reader)
{
    private const int MaxCachedPrincipals = 10_000;

    /// <summary>Principals by user name, made from one version of the directory (any change of users or groups starts anew).</summary>
    private sealed class Principals(int directoryVersion)
    {
        public int DirectoryVersion { get; } = directoryVersion;

        public System.Collections.Concurrent.ConcurrentDictionary<string, SecurityPrincipal> ByName { get; } = new(StringComparer.Ordinal);
    }

    private volatile Principals _principals = new(-1);

    /// <summary>
    /// The principal of a signed-in user. Every request asks, so the answer is kept per user name while the
    /// directory is unchanged: a disabled user, a new group membership or a restored snapshot (each a directory
    /// reload, which counts up <see cref="UserDirectory.Version"/>) takes effect at the next request.
    /// </summary>
    public SecurityPrincipal Principal(string userName)
    {
        var version = directory.Version;
        var cache = _principals;
        if (cache.DirectoryVersion != version)
        {
            cache = new Principals(version);
            _principals = cache;
        }
        if (cache.ByName.TryGetValue(userName, out var principal))
        {
            return principal;
        }
        // Made after the version was read: at worst newer than the version it is kept under, which is then discarded.
        principal = directory.Principal(userName);
        if (cache.ByName.Count < MaxCachedPrincipals)
        {
            cache.ByName.TryAdd(userName, principal);
        }
        return principal;
    }

    /// <summary>The entry and each ancestor it inherits from, with their ACEs; one recursive query.</summary>
    public async Task<EntryChain> ReadChainAsync(int entryId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            WITH RECURSIVE chain(Id, ParentId, Depth, Inherit, FullPath, EntryType) AS (
                SELECT e.Id, e.ParentId, 0, COALESCE(i.InheritParents, 1), e.FullPath, e.EntryType
                FROM Entries e LEFT JOIN EntryInheritance i ON i.EntryId = e.Id WHERE e.Id = @id
                UNION ALL
                SELECT p.Id, p.ParentId, c.Depth + 1, COALESCE(i.InheritParents, 1), p.FullPath, p.EntryType
                FROM chain c JOIN Entries p ON p.Id = c.ParentId LEFT JOIN EntryInheritance i ON i.EntryId = p.Id
                WHERE c.Inherit = 1)
            SELECT c.Depth, c.Id, c.FullPath, c.Inherit, c.EntryType, a.TrusteeSid, a.IsDeny, a.Rights, a.Scope
            FROM chain c LEFT JOIN EntryAces a ON a.EntryId = c.Id
            ORDER BY c.Depth, a.Position
            """;
        command.AddWithValue("@id", entryId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var exists = false;
        var isContainer = false;
        var inherits = true;
        var aces = new List<ChainAce>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var depth = reader.GetInt32(0);
            if (depth == 0)
            {
                exists = true;
                inherits = reader.GetFlag(3);
                isContainer = reader.GetInt32(4) <= (int)EntryType.RecordSeries;
            }
            if (!reader.IsDBNull(5))
            {
                aces.Add(new ChainAce(depth, reader.GetInt32(1), reader.GetString(2), reader.GetString(5), reader.GetFlag(6),
                    (EntryRight)reader.GetInt32(7), (EntryAccessScope)reader.GetInt32(8)));
            }
        }
        return exists ? new EntryChain(true, isContainer, inherits, aces) : EntryChain.Missing;
    }

    /// <summary>Whether an ACE with <paramref name="scope"/> reaches an entry <paramref name="depth"/> levels below where it is set.</summary>
    public static bool Reaches(EntryAccessScope scope, int depth, bool isContainer) => scope switch
    {
        EntryAccessScope.ThisEntry => depth == 0,
        EntryAccessScope.Folders => depth == 0 || isContainer,
        EntryAccessScope.All => true,
        EntryAccessScope.NotThisEntry => depth >= 1,
        EntryAccessScope.FoldersOnly => depth >= 1 && isContainer,
        EntryAccessScope.DocumentsOnly => depth >= 1 && !isContainer,
        EntryAccessScope.Immediate => depth <= 1,
        EntryAccessScope.ImmediateChildren => depth == 1,
        EntryAccessScope.ImmediateDocuments => depth == 1 && !isContainer,
        _ => false,
    };

    /// <summary>The rights the ACEs of <paramref name="chain"/> give the holder of <paramref name="sids"/>.</summary>
    public static EntryRight Resolve(EntryChain chain, IReadOnlyCollection<string> sids)
    {
        var (allow, deny) = Fold(chain.Aces, sids, 0, chain.IsContainer);
        return allow & ~deny;
    }

    private static (EntryRight Allow, EntryRight Deny) Fold(IEnumerable<ChainAce> aces, IReadOnlyCollection<string> sids, int depthShift, bool isContainer)
    {
        EntryRight allow = EntryRight.None, deny = EntryRight.None;
        foreach (var ace in aces)
        {
            if (!sids.Contains(ace.TrusteeSid) || !Reaches(ace.Scope, ace.Depth + depthShift, isContainer))
            {
                continue;
            }
            if (ace.IsDeny)
            {
                deny |= ace.Rights;
            }
            else
            {
                allow |= ace.Rights;
            }
        }
        return (allow, deny);
    }

    /// <summary>The caller's effective rights on an entry; null when the entry does not exist.</summary>
    public async Task<EntryRight?> RightsAsync(SecurityPrincipal principal, int entryId, CancellationToken cancellationToken)
    {
        var chain = await ReadChainAsync(entryId, cancellationToken);
        if (!chain.Exists)
        {
            return null;
        }
        return principal.IsAdministrator ? EntryRight.All : Overlay(principal, Resolve(chain, principal.Sids as IReadOnlyCollection<string> ?? [.. principal.Sids]));
    }

    /// <summary>
    /// The privilege overlay on ACL rights: administrators hold every right; the ManageEntryAccess privilege gives
    /// ReadPermissions and ChangePermissions on every entry its holder may browse.
    /// </summary>
    public static EntryRight Overlay(SecurityPrincipal principal, EntryRight rights) =>
        principal.IsAdministrator ? EntryRight.All
        : rights.HasFlag(EntryRight.Browse) && principal.Holds(SecurityPrivileges.ManageEntryAccess) ? rights | EntryRight.ReadPermissions | EntryRight.ChangePermissions
        : rights;

    /// <summary>
    /// Passes when the caller may browse the entry and holds <paramref name="needed"/> on it. An entry the caller
    /// cannot browse does not exist for them (404); a missing right is a 403 naming it.
    /// </summary>
    public async Task RequireAsync(SecurityPrincipal principal, int entryId, EntryRight needed, CancellationToken cancellationToken)
    {
        if (principal.IsAdministrator)
        {
            return;
        }
        var rights = await RightsAsync(principal, entryId, cancellationToken) ?? EntryRight.None;
        if (!rights.HasFlag(EntryRight.Browse))
        {
            throw EntryReader.NotFound(entryId);
        }
        var missing = needed & ~rights;
        if (missing != EntryRight.None)
        {
            throw new ApiProblemException(ProblemCatalog.AccessDenied,
                $"User '{principal.UserName}' lacks the {string.Join(", ", RightNames.Of(missing))} right on entry {entryId}.");
        }
    }

    /// <summary>Whether the caller may browse the entry (false too when it does not exist).</summary>
    public async Task<bool> CanBrowseAsync(SecurityPrincipal principal, int entryId, CancellationToken cancellationToken) =>
        ((await RightsAsync(principal, entryId, cancellationToken)) ?? EntryRight.None).HasFlag(EntryRight.Browse);

    /// <summary>
    /// A path lookup as the caller sees it: an entry they cannot browse is not there, and the closest ancestor is
    /// the deepest one they can browse (the root at the least).
    /// </summary>
    public async Task<(EntryRecord? Entry, EntryRecord Closest)> FindByPathAsync(SecurityPrincipal principal, string fullPath, CancellationToken cancellationToken)
    {
        var (entry, closest) = await reader.FindByPathAsync(fullPath, cancellationToken);
        if (principal.IsAdministrator || entry is not null && await CanBrowseAsync(principal, entry.Id, cancellationToken))
        {
            return (entry, closest);
        }
        var candidate = closest;
        while (candidate.ParentId is { } parentId && (candidate.Id == entry?.Id || !await CanBrowseAsync(principal, candidate.Id, cancellationToken)))
        {
            candidate = await reader.GetAsync(parentId, cancellationToken);
        }
        return (null, candidate);
    }

    /// <summary>
    /// The condition keeping the children of <paramref name="folderId"/> the caller may browse; null for
    /// administrators. Children without ACEs of their own that inherit (nearly all) share one answer per entry type,
    /// worked out here from the folder's ancestry; the few that have ACEs or stop inheritance are read in one query
    /// driven by the ACL tables and decided here too. The listing's SQL then only compares ids against two lists,
    /// so a listing costs about what it costs an administrator.
    /// </summary>
    public async Task<BrowseFilter?> ChildFilterAsync(SecurityPrincipal principal, int folderId, CancellationToken cancellationToken)
    {
        if (principal.IsAdministrator)
        {
            return null;
        }
        var chain = await ReadChainAsync(folderId, cancellationToken);
        var sids = principal.Sids.ToHashSet(StringComparer.Ordinal);
        var inheritedByContainer = Fold(chain.Aces, sids, 1, isContainer: true);
        var inheritedByLeaf = Fold(chain.Aces, sids, 1, isContainer: false);
        static bool Browses((EntryRight Allow, EntryRight Deny) rights) => ((rights.Allow & ~rights.Deny) & EntryRight.Browse) != 0;

        var visible = new List<int>();
        var hidden = new List<int>();
        await using (var connection = await store.OpenAsync(cancellationToken))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT e.Id, e.EntryType, COALESCE(i.InheritParents, 1), a.TrusteeSid, a.IsDeny, a.Rights, a.Scope
                FROM (SELECT EntryId FROM EntryAces UNION SELECT EntryId FROM EntryInheritance) s
                CROSS JOIN Entries e
                LEFT JOIN EntryInheritance i ON i.EntryId = e.Id
                LEFT JOIN EntryAces a ON a.EntryId = e.Id
                WHERE e.Id = s.EntryId AND e.ParentId = @folder
                ORDER BY e.Id
                """;
            command.AddWithValue("@folder", folderId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            int? current = null;
            var rights = (Allow: EntryRight.None, Deny: EntryRight.None);
            void Decide()
            {
                if (current is { } id)
                {
                    (Browses(rights) ? visible : hidden).Add(id);
                }
            }
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetInt32(0);
                if (id != current)
                {
                    Decide();
                    current = id;
                    var isContainer = reader.GetInt32(1) <= (int)EntryType.RecordSeries;
                    rights = reader.GetFlag(2) ? (isContainer ? inheritedByContainer : inheritedByLeaf) : (EntryRight.None, EntryRight.None);
                }
                if (!reader.IsDBNull(3) && sids.Contains(reader.GetString(3)) && Reaches((EntryAccessScope)reader.GetInt32(6), 0, false))
                {
                    if (reader.GetFlag(4))
                    {
                        rights.Deny |= (EntryRight)reader.GetInt32(5);
                    }
                    else
                    {
                        rights.Allow |= (EntryRight)reader.GetInt32(5);
                    }
                }
            }
            Decide();
        }

        var parameters = new List<(string, object)>();
        var byType = ByType(Browses(inheritedByContainer), Browses(inheritedByLeaf));
        var conditions = new List<string>();
        if (byType != "FALSE")
        {
            conditions.Add(hidden.Count == 0 ? byType : $"({byType} AND e.Id NOT IN ({store.Dialect.IntegersOfJson("@sec_hidden")}))");
            if (hidden.Count > 0)
            {
                parameters.Add(("@sec_hidden", System.Text.Json.JsonSerializer.Serialize(hidden)));
            }
        }
        if (visible.Count > 0)
        {
            conditions.Add($"e.Id IN ({store.Dialect.IntegersOfJson("@sec_visible")})");
            parameters.Add(("@sec_visible", System.Text.Json.JsonSerializer.Serialize(visible)));
        }
        return new BrowseFilter(conditions.Count == 0 ? "FALSE" : "(" + string.Join(" OR ", conditions) + ")", parameters);
    }

    /// <summary>
    /// A common table expression <c>sec_visible(Id)</c>: the entries among <c>sec_candidates(Id)</c> (which the
    /// caller's SQL defines first) that the caller may browse, walking every candidate's ancestry in one recursive
    /// query. Null for administrators. For searches and other sets spread over many folders. Given other
    /// <paramref name="rights"/>, <c>sec_visible</c> holds the candidates on which the caller holds every one of them.
    /// </summary>
    public static BrowseFilter? VisibleAmongCandidates(SecurityPrincipal principal, EntryRight rights = EntryRight.Browse)
    {
        if (principal.IsAdministrator)
        {
            return null;
        }
        var parameters = new List<(string, object)>();
        var sidList = SidParameters(principal, parameters);
        // Each right asked for: some ACE allows it, none denies it.
        var holdsAll = rights == EntryRight.Browse
            ? "MAX(IsDeny) = 0"
            : string.Join(" AND ", Enum.GetValues<EntryRight>().Where(r => r is not (EntryRight.None or EntryRight.All) && rights.HasFlag(r))
                .Select(r => $"MAX(CASE WHEN IsDeny = 0 AND (Rights & {(int)r}) <> 0 THEN 1 ELSE 0 END) = 1" +
                    $" AND MAX(CASE WHEN IsDeny = 1 AND (Rights & {(int)r}) <> 0 THEN 1 ELSE 0 END) = 0"));
        var sql = $"""
            sec_chain(EntryId, NodeId, ParentId, Depth, Inherit, IsContainer) AS (
                SELECT e.Id, e.Id, e.ParentId, 0, COALESCE(i.InheritParents, 1), e.EntryType <= 1
                FROM sec_candidates c JOIN Entries e ON e.Id = c.Id LEFT JOIN EntryInheritance i ON i.EntryId = e.Id
                UNION ALL
                SELECT c.EntryId, p.Id, p.ParentId, c.Depth + 1, COALESCE(i.InheritParents, 1), c.IsContainer
                FROM sec_chain c JOIN Entries p ON p.Id = c.ParentId LEFT JOIN EntryInheritance i ON i.EntryId = p.Id
                WHERE c.Inherit = 1),
            sec_browse(EntryId, IsDeny, Rights) AS (
                SELECT c.EntryId, a.IsDeny, a.Rights FROM sec_chain c JOIN EntryAces a ON a.EntryId = c.NodeId
                WHERE (a.Rights & {(int)rights}) <> 0 AND a.TrusteeSid IN ({sidList}) AND {ScopeReachesSql("a.Scope", "c.Depth", "c.IsContainer")}),
            sec_visible(Id) AS (SELECT EntryId FROM sec_browse GROUP BY EntryId HAVING {holdsAll})
            """;
        return new BrowseFilter(sql, parameters);
    }

    /// <summary>
    /// Which of <paramref name="entryIds"/> the caller may browse, in one recursive query over all their ancestries
    /// (ids of entries that do not exist are left out). Administrators browse every existing entry.
    /// </summary>
    public Task<HashSet<int>> BrowsableAsync(SecurityPrincipal principal, IEnumerable<int> entryIds, CancellationToken cancellationToken) =>
        HoldingAsync(principal, entryIds, EntryRight.Browse, cancellationToken);

    /// <summary>Which of <paramref name="entryIds"/> the caller holds every one of <paramref name="rights"/> on, in one recursive query.</summary>
    public async Task<HashSet<int>> HoldingAsync(SecurityPrincipal principal, IEnumerable<int> entryIds, EntryRight rights, CancellationToken cancellationToken)
    {
        var ids = entryIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var candidates = $"sec_candidates(Id) AS (SELECT e.Id FROM Entries e WHERE e.Id IN ({store.Dialect.IntegersOfJson("@sec_ids")}))";
        if (VisibleAmongCandidates(principal, rights) is { } visible)
        {
            command.CommandText = $"WITH RECURSIVE {candidates},\n{visible.Sql}\nSELECT Id FROM sec_visible";
            visible.Bind(command);
        }
        else
        {
            command.CommandText = $"WITH {candidates} SELECT Id FROM sec_candidates";
        }
        command.AddWithValue("@sec_ids", System.Text.Json.JsonSerializer.Serialize(ids));
        var result = new HashSet<int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(reader.GetInt32(0));
        }
        return result;
    }

    /// <summary>A SQL truth value for the listed entry <c>e</c> by whether it is a container.</summary>
    private static string ByType(bool container, bool leaf) => (container, leaf) switch
    {
        (true, true) => "TRUE",
        (false, false) => "FALSE",
        (true, false) => "(e.EntryType <= 1)",
        (false, true) => "(e.EntryType >= 2)",
    };

    /// <summary><see cref="Reaches"/> in SQL.</summary>
    private static string ScopeReachesSql(string scope, string depth, string isContainer) => $"""
        (CASE {scope} WHEN 0 THEN {depth} = 0 WHEN 1 THEN ({depth} = 0 OR {isContainer}) WHEN 2 THEN TRUE
            WHEN 3 THEN {depth} >= 1 WHEN 4 THEN ({depth} >= 1 AND {isContainer}) WHEN 5 THEN ({depth} >= 1 AND NOT {isContainer})
            WHEN 6 THEN {depth} <= 1 WHEN 7 THEN {depth} = 1 WHEN 8 THEN ({depth} = 1 AND NOT {isContainer}) ELSE FALSE END)
        """;

    private static string SidParameters(SecurityPrincipal principal, List<(string, object)> parameters)
    {
        var names = new List<string>();
        foreach (var sid in principal.Sids)
        {
            var name = "@sec_sid" + names.Count;
            names.Add(name);
            parameters.Add((name, sid));
        }
        return string.Join(", ", names);
    }
}
