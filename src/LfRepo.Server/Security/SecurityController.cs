using LfRepo.Server.Api;
using LfRepo.Server.Problems;
using Microsoft.AspNetCore.Mvc;

namespace LfRepo.Server.Security;

/// <summary>Trustees, the session's rights, and entry access control lists and rights.</summary>
[ApiController]
[Tags("AccessControl")]
[Route("v2/Repositories/{repositoryId}")]
public sealed class SecurityController(UserDirectory directory, EntryAccess access, AccessControlService acl) : ControllerBase
{
    /// <summary>Resolves trustee names to the SIDs used when building access control entries or reading effective rights for a trustee.</summary>
    /// <param name="repositoryId">The requested repository ID.</param>
    /// <param name="search">Part of an account or display name, compared ignoring case; omitted, every trustee.</param>
    /// <param name="type">User or Group (also LaserficheUser, LaserficheGroup); omitted, both.</param>
    /// <param name="count">How many trustees at most (1 to 1000).</param>
    [HttpGet("Trustees")]
    [ProducesResponseType<List<TrusteeIdentity>>(StatusCodes.Status200OK)]
    public List<TrusteeIdentity> LookupTrustees(string repositoryId, [FromQuery] string? search, [FromQuery] string? type, [FromQuery] int count = 100)
    {
        if (count is < 1 or > 1000)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"count must be between 1 and 1000, not {count}.");
        }
        bool? groups = type?.ToUpperInvariant() switch
        {
            null or "" => null,
            "USER" or "LASERFICHEUSER" => false,
            "GROUP" or "LASERFICHEGROUP" => true,
            _ => throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"type '{type}' is not a trustee type LfRepo has; use User or Group."),
        };
        return [.. directory.All
            .Where(t => groups is null || t.IsGroup == groups)
            .Where(t => string.IsNullOrEmpty(search)
                || t.Name.Contains(search, StringComparison.OrdinalIgnoreCase) || t.DisplayName.Contains(search, StringComparison.OrdinalIgnoreCase))
            .OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase)
            .Take(count)
            .Select(t => TrusteeIdentity.Of(t, withDisplayName: true))];
    }

    /// <summary>Returns the trustee's privileges and feature rights (as named booleans), its security tags, its audit classes, and whether it is read-only.</summary>
    /// <param name="repositoryId">The requested repository ID.</param>
    /// <param name="trusteeId">The trustee's SID.</param>
    /// <param name="includeInherited">Add what the trustee's groups hold (the effective view); false for what is set on the trustee itself.</param>
    [HttpGet("Trustees/{trusteeId}/Security")]
    [ProducesResponseType<TrusteeSecurity>(StatusCodes.Status200OK)]
    public TrusteeSecurity GetTrusteeSecurity(string repositoryId, string trusteeId, [FromQuery] bool includeInherited = true)
    {
        var trustee = directory.FindBySid(trusteeId)
            ?? throw new ApiProblemException(ProblemCatalog.TrusteeNotFound, $"No user or group has the SID '{trusteeId}'.");
        directory.RequireManageTrustees(directory.Principal(this.UserName()), trustee);
        var holders = includeInherited
            ? directory.PrincipalOf(trustee).Sids.Select(directory.FindBySid).OfType<Trustee>().ToList()
            : [trustee];
        var (privileges, featureRights) = Held(holders);
        var none = SecurityPrivileges.AuditClasses.ToDictionary(a => a, _ => false);
        return new TrusteeSecurity(privileges, featureRights, false, [], new TrusteeAuditMasks(none, new Dictionary<string, bool>(none)));
    }

    /// <summary>Returns the privileges and feature rights held by the current session, plus whether the session is read-only.</summary>
    [HttpGet("SessionRights")]
    [ProducesResponseType<SessionRights>(StatusCodes.Status200OK)]
    public SessionRights GetSessionRights(string repositoryId)
    {
        var principal = directory.Principal(this.UserName());
        var (privileges, featureRights) = Held([.. principal.Sids.Select(directory.FindBySid).OfType<Trustee>()]);
        return new SessionRights(privileges, featureRights, false);
    }

    /// <summary>Returns the access control entries of the entry — explicit and (by default) inherited — and whether it inherits from its parents.</summary>
    /// <remarks>Needs the ReadPermissions right on the entry.</remarks>
    /// <param name="repositoryId">The requested repository ID.</param>
    /// <param name="entryId">The entry.</param>
    /// <param name="includeInherited">Also list the ACEs the entry inherits (isInherited = true).</param>
    /// <param name="select">Which members to return: entries, inheritParents.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [HttpGet("Entries/{entryId:int}/AccessControl")]
    [EntryRight(EntryRight.ReadPermissions)]
    [ProducesResponseType<AccessControlList>(StatusCodes.Status200OK)]
    public async Task<IActionResult> GetEntryAccessControl(
        string repositoryId, int entryId, [FromQuery] bool includeInherited = true, [FromQuery(Name = "$select")] string? select = null,
        CancellationToken cancellationToken = default)
    {
        var list = await acl.ReadEntryAclAsync(entryId, includeInherited, cancellationToken);
        return Selected(list, select);
    }

    /// <summary>Replaces the entry's explicit access control entries (a full replace) and, optionally, whether it inherits from its parents; returns the entry's ACL after the change.</summary>
    /// <remarks>Needs the ChangePermissions right on the entry. ACEs marked isInherited are refused with 400.</remarks>
    [HttpPut("Entries/{entryId:int}/AccessControl")]
    [Consumes("application/json")]
    [EntryRight(EntryRight.ChangePermissions)]
    [ProducesResponseType<AccessControlList>(StatusCodes.Status200OK)]
    public async Task<AccessControlList> SetEntryAccessControl(string repositoryId, int entryId, [FromBody] SetAccessControlRequest request, CancellationToken cancellationToken)
    {
        var aces = acl.ParseEntryAces(request.Entries);
        await acl.SetEntryAclAsync(entryId, aces, request.InheritParents, cancellationToken);
        return await acl.ReadEntryAclAsync(entryId, includeInherited: true, cancellationToken);
    }

    /// <summary>Returns the rights a trustee (by default the caller) has on the entry: effective, or with aclOnly the ACL's alone.</summary>
    /// <param name="repositoryId">The requested repository ID.</param>
    /// <param name="entryId">The entry.</param>
    /// <param name="trusteeId">The trustee's SID; omit it and trusteeName for the caller.</param>
    /// <param name="trusteeName">The trustee's account name.</param>
    /// <param name="aclOnly">Only what the entry's ACL grants, without the administrator's bypass.</param>
    /// <param name="select">Which members to return: rights, isReadOnly.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [HttpGet("Entries/{entryId:int}/Rights")]
    [ProducesResponseType<RightsResponse>(StatusCodes.Status200OK)]
    public async Task<IActionResult> GetEntryRights(
        string repositoryId, int entryId, [FromQuery] string? trusteeId, [FromQuery] string? trusteeName, [FromQuery] bool aclOnly = false,
        [FromQuery(Name = "$select")] string? select = null, CancellationToken cancellationToken = default)
    {
        var principal = directory.Resolve(trusteeId, trusteeName, this.UserName());
        var chain = await access.ReadChainAsync(entryId, cancellationToken);
        var fromAcl = EntryAccess.Resolve(chain, principal.Sids as IReadOnlyCollection<string> ?? [.. principal.Sids]);
        var rights = aclOnly ? fromAcl : EntryAccess.Overlay(principal, fromAcl);
        return Selected(new RightsResponse([.. RightNames.Of(rights)], false), select);
    }

    private static (Dictionary<string, bool> Privileges, Dictionary<string, bool> FeatureRights) Held(IReadOnlyList<Trustee> holders)
    {
        var administrator = holders.Any(h => h.IsAdministrator);
        return (
            SecurityPrivileges.Privileges.ToDictionary(p => p, p => administrator || holders.Any(h => h.Privileges.Contains(p))),
            SecurityPrivileges.FeatureRights.ToDictionary(f => f, f => administrator || holders.Any(h => h.FeatureRights.Contains(f))));
    }

    /// <summary>The value with only the members $select names (all without $select); an unknown member is a 400.</summary>
    internal static IActionResult Selected<T>(T value, string? select)
    {
        var node = System.Text.Json.JsonSerializer.SerializeToNode(value, Json)!.AsObject();
        if (!string.IsNullOrWhiteSpace(select))
        {
            var wanted = select.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            foreach (var name in wanted.Where(w => !node.ContainsKey(w)))
            {
                throw new ApiProblemException(ProblemCatalog.InvalidQueryOption, $"$select: '{name}' is not a member; use {string.Join(", ", node.Select(m => m.Key))}.");
            }
            foreach (var key in node.Select(m => m.Key).Where(k => !wanted.Contains(k)).ToList())
            {
                node.Remove(key);
            }
        }
        return new JsonResult(node);
    }

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);
}
