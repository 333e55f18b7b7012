using LfRepo.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace LfRepo.Server.UserAreas;

/// <summary>
/// The one question user areas ask about access: which of these entries may this user browse? Lists leave the
/// others out and adding them is refused. Today every user may browse every existing entry.
/// </summary>
public sealed class EntryVisibility(LfRepoDbContext db)
{
    public async Task<IReadOnlySet<int>> BrowsableAsync(string userName, IReadOnlyCollection<int> entryIds, CancellationToken cancellationToken)
    {
        if (entryIds.Count == 0)
        {
            return new HashSet<int>();
        }
        var existing = await db.Entries.AsNoTracking().Where(e => entryIds.Contains(e.Id)).Select(e => e.Id).ToListAsync(cancellationToken);
        return existing.ToHashSet();
    }
}
