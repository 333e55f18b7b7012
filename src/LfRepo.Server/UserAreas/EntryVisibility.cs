using LfRepo.Server.Entries;
using LfRepo.Server.Security;
using LfRepo.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace LfRepo.Server.UserAreas;

/// <summary>
/// The one question user areas ask about access: which of these entries may this user browse? Lists leave the
/// others out and adding them is refused. Existing entries are asked of the access-rights service; an
/// administrator browses every one.
/// </summary>
public sealed class EntryVisibility(LfRepoDbContext db, EntryAccess access)
{
    public async Task<IReadOnlySet<int>> BrowsableAsync(string userName, IReadOnlyCollection<int> entryIds, CancellationToken cancellationToken)
    {
        if (entryIds.Count == 0)
        {
            return new HashSet<int>();
        }
        var existing = await db.Set<EntryRecord>().AsNoTracking().Where(e => entryIds.Contains(e.Id)).Select(e => e.Id).ToListAsync(cancellationToken);
        var principal = access.Principal(userName);
        if (principal.IsAdministrator)
        {
            return existing.ToHashSet();
        }
        var browsable = new HashSet<int>();
        // Areas hold few entries (the recent lists keep 50); each check is one recursive query of the entry's ancestry.
        foreach (var id in existing)
        {
            if (await access.CanBrowseAsync(principal, id, cancellationToken))
            {
                browsable.Add(id);
            }
        }
        return browsable;
    }
}
