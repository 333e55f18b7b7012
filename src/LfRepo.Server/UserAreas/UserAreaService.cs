using System.Data.Common;
using LfRepo.Server.Problems;
using LfRepo.Server.Storage;
using Microsoft.EntityFrameworkCore;
using LfRepo.Server.Entries;

namespace LfRepo.Server.UserAreas;

/// <summary>
/// The rules of user areas, all scoped to the calling user: the Starred list, the recent lists, personal
/// collections and generic user areas share one store of areas and their entries.
/// </summary>
public sealed class UserAreaService(LfRepoDbContext db, EntryVisibility visibility, IStoreDialect dialect)
{
    private static readonly SemaphoreSlim CollectionNames = new(1, 1);

    /// <summary>A user may have at most this many personal collections (the spec's limit).</summary>
    public const int MaxCollections = 50;


    private IQueryable<UserAreaRecord> Areas => db.Set<UserAreaRecord>();

    private IQueryable<UserAreaEntryRecord> Members => db.Set<UserAreaEntryRecord>();

    // ---- Starred and recent ------------------------------------------------------------------------------------

    /// <summary>The entries of a well-known area, none when the user has not used it yet.</summary>
    public async Task<IReadOnlyList<UserAreaEntry>> WellKnownEntriesAsync(string userName, string areaName, bool newestFirst, int? limit, CancellationToken cancellationToken)
    {
        var area = await FindByNameAsync(userName, areaName, cancellationToken);
        return area is null ? [] : await EntriesAsync(userName, area.Id, newestFirst, limit, cancellationToken);
    }

    /// <summary>Stars the entries, creating the user's Starred area on first use; returns the Starred list.</summary>
    public async Task<IReadOnlyList<UserAreaEntry>> StarAsync(string userName, IReadOnlyList<int>? entryIds, CancellationToken cancellationToken)
    {
        var ids = RequireEntryIds(entryIds);
        var area = await FindByNameAsync(userName, UserAreaNames.Starred, cancellationToken)
            ?? await CreateAsync(userName, UserAreaNames.Starred, null, null, ProblemCatalog.UserAreaNameConflict, cancellationToken, existingOnConflict: true);
        await AddAsync(userName, area.Id, ids, cancellationToken);
        return await EntriesAsync(userName, area.Id, false, null, cancellationToken);
    }

    public async Task<IReadOnlyList<UserAreaEntry>> UnstarAsync(string userName, IReadOnlyList<int>? entryIds, CancellationToken cancellationToken)
    {
        var ids = RequireEntryIds(entryIds);
        var area = await FindByNameAsync(userName, UserAreaNames.Starred, cancellationToken);
        if (area is null)
        {
            return [];
        }
        await RemoveAsync(area.Id, ids, cancellationToken);
        return await EntriesAsync(userName, area.Id, false, null, cancellationToken);
    }

    // ---- Personal collections ----------------------------------------------------------------------------------

    public async Task<IReadOnlyList<PersonalCollection>> CollectionsAsync(string userName, CancellationToken cancellationToken)
    {
        var areas = await CollectionAreas(userName).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        var areaIds = areas.Select(a => a.Id).ToList();
        var members = await Members.AsNoTracking().Where(m => areaIds.Contains(m.AreaId)).OrderBy(m => m.Id).ToListAsync(cancellationToken);
        var visible = await visibility.BrowsableAsync(userName, [.. members.Select(m => m.EntryId).Distinct()], cancellationToken);
        var byArea = members.Where(m => visible.Contains(m.EntryId)).ToLookup(m => m.AreaId, m => m.EntryId);
        return [.. areas.Select(a => new PersonalCollection(a.Name, a.Comment ?? "", [.. byArea[a.Id]]))];
    }

    public async Task<PersonalCollection> CollectionAsync(string userName, string collectionId, CancellationToken cancellationToken)
    {
        var area = await FindCollectionAsync(userName, collectionId, cancellationToken);
        return await ToCollectionAsync(userName, area, cancellationToken);
    }

    public async Task<PersonalCollection> CreateCollectionAsync(string userName, string? name, CancellationToken cancellationToken)
    {
        // A collection's display name lives in Comment, which no unique index covers: the check and the write of
        // concurrent creates and renames run one at a time, so two of the same name cannot both pass.
        await CollectionNames.WaitAsync(cancellationToken);
        try
        {
            var displayName = await CheckCollectionNameAsync(userName, name, null, cancellationToken);
            if (await CollectionAreas(userName).CountAsync(cancellationToken) >= MaxCollections)
            {
                throw new ApiProblemException(ProblemCatalog.PersonalCollectionLimit,
                    $"User '{userName}' already has {MaxCollections} personal collections, the most a user may have.");
            }
            var area = await CreateAsync(userName, UserAreaNames.NewCollectionName(), displayName, null, ProblemCatalog.PersonalCollectionNameConflict, cancellationToken);
            return new PersonalCollection(area.Name, displayName, []);
        }
        finally
        {
            CollectionNames.Release();
        }
    }

    public async Task<PersonalCollection> RenameCollectionAsync(string userName, string collectionId, string? name, CancellationToken cancellationToken)
    {
        var area = await FindCollectionAsync(userName, collectionId, cancellationToken);
        await CollectionNames.WaitAsync(cancellationToken);
        try
        {
            area.Comment = await CheckCollectionNameAsync(userName, name, area.Id, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            CollectionNames.Release();
        }
        return await ToCollectionAsync(userName, area, cancellationToken);
    }

    /// <summary>Deletes the collection; a collection that does not exist is already deleted.</summary>
    public Task DeleteCollectionAsync(string userName, string collectionId, CancellationToken cancellationToken) =>
        UserAreaNames.IsCollection(collectionId)
            ? CollectionAreas(userName).Where(a => a.Name == collectionId).ExecuteDeleteAsync(cancellationToken)
            : Task.CompletedTask;

    public async Task<PersonalCollection> AddToCollectionAsync(string userName, string collectionId, IReadOnlyList<int>? entryIds, CancellationToken cancellationToken)
    {
        var ids = RequireEntryIds(entryIds);
        var area = await FindCollectionAsync(userName, collectionId, cancellationToken);
        await AddAsync(userName, area.Id, ids, cancellationToken);
        return await ToCollectionAsync(userName, area, cancellationToken);
    }

    public async Task<PersonalCollection> RemoveFromCollectionAsync(string userName, string collectionId, IReadOnlyList<int>? entryIds, CancellationToken cancellationToken)
    {
        var ids = RequireEntryIds(entryIds);
        var area = await FindCollectionAsync(userName, collectionId, cancellationToken);
        await RemoveAsync(area.Id, ids, cancellationToken);
        return await ToCollectionAsync(userName, area, cancellationToken);
    }

    // ---- Generic user areas ------------------------------------------------------------------------------------

    /// <summary>The user's own areas; the application-managed ones are not part of this surface.</summary>
    public async Task<IReadOnlyList<UserArea>> GenericAreasAsync(string userName, CancellationToken cancellationToken)
    {
        var areas = await Areas.AsNoTracking().Where(a => a.UserName == userName).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        return [.. areas.Where(a => !UserAreaNames.IsReserved(a.Name)).Select(UserArea.From)];
    }

    public async Task<UserArea> GetGenericAreaAsync(string userName, int areaId, CancellationToken cancellationToken) =>
        UserArea.From(await GenericAreaAsync(userName, areaId, cancellationToken));

    private async Task<UserAreaRecord> GenericAreaAsync(string userName, int areaId, CancellationToken cancellationToken)
    {
        var area = await Areas.SingleOrDefaultAsync(a => a.Id == areaId && a.UserName == userName, cancellationToken);
        return area is null || UserAreaNames.IsReserved(area.Name)
            ? throw new ApiProblemException(ProblemCatalog.UserAreaNotFound, $"User area {areaId} does not exist.")
            : area;
    }

    public async Task<UserArea> CreateGenericAreaAsync(string userName, CreateUserAreaRequest request, CancellationToken cancellationToken) =>
        UserArea.From(await CreateAsync(userName, CheckAreaName(request.Name), request.Comment, request.Data, ProblemCatalog.UserAreaNameConflict, cancellationToken));

    public async Task<UserArea> UpdateGenericAreaAsync(string userName, int areaId, UpdateUserAreaRequest request, CancellationToken cancellationToken)
    {
        var area = await GenericAreaAsync(userName, areaId, cancellationToken);
        if (request.Name is not null)
        {
            area.Name = CheckAreaName(request.Name);
            area.NameKey = UserAreaNames.Key(area.Name);
        }
        area.Comment = request.Comment ?? area.Comment;
        area.Data = request.Data ?? area.Data;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (dialect.IsConstraintViolation(ex))
        {
            throw new ApiProblemException(ProblemCatalog.UserAreaNameConflict, $"User '{userName}' already has a user area named '{area.Name}'.");
        }
        return UserArea.From(area);
    }

    public async Task DeleteGenericAreaAsync(string userName, int areaId, CancellationToken cancellationToken)
    {
        var area = await GenericAreaAsync(userName, areaId, cancellationToken);
        await Areas.Where(a => a.Id == area.Id).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<UserAreaEntry>> GenericAreaEntriesAsync(string userName, int areaId, CancellationToken cancellationToken)
    {
        var area = await GenericAreaAsync(userName, areaId, cancellationToken);
        return await EntriesAsync(userName, area.Id, false, null, cancellationToken);
    }

    public async Task<IReadOnlyList<UserAreaEntry>> AddToGenericAreaAsync(string userName, int areaId, IReadOnlyList<int>? entryIds, CancellationToken cancellationToken)
    {
        var ids = RequireEntryIds(entryIds);
        var area = await GenericAreaAsync(userName, areaId, cancellationToken);
        await AddAsync(userName, area.Id, ids, cancellationToken);
        return await EntriesAsync(userName, area.Id, false, null, cancellationToken);
    }

    public async Task<IReadOnlyList<UserAreaEntry>> RemoveFromGenericAreaAsync(string userName, int areaId, IReadOnlyList<int>? entryIds, CancellationToken cancellationToken)
    {
        var ids = RequireEntryIds(entryIds);
        var area = await GenericAreaAsync(userName, areaId, cancellationToken);
        await RemoveAsync(area.Id, ids, cancellationToken);
        return await EntriesAsync(userName, area.Id, false, null, cancellationToken);
    }

    // ---- Shared ------------------------------------------------------------------------------------------------

    private IQueryable<UserAreaRecord> CollectionAreas(string userName) =>
        Areas.Where(a => a.UserName == userName && a.Name.StartsWith(UserAreaNames.CollectionPrefix));

    private Task<UserAreaRecord?> FindByNameAsync(string userName, string name, CancellationToken cancellationToken)
    {
        var key = UserAreaNames.Key(name);
        return Areas.SingleOrDefaultAsync(a => a.UserName == userName && a.NameKey == key, cancellationToken);
    }

    private async Task<UserAreaRecord> FindCollectionAsync(string userName, string collectionId, CancellationToken cancellationToken)
    {
        var area = UserAreaNames.IsCollection(collectionId)
            ? await CollectionAreas(userName).SingleOrDefaultAsync(a => a.Name == collectionId, cancellationToken)
            : null;
        return area ?? throw new ApiProblemException(ProblemCatalog.PersonalCollectionNotFound, $"Personal collection '{collectionId}' does not exist.");
    }

    private async Task<PersonalCollection> ToCollectionAsync(string userName, UserAreaRecord area, CancellationToken cancellationToken)
    {
        var entries = await EntriesAsync(userName, area.Id, false, null, cancellationToken);
        return new PersonalCollection(area.Name, area.Comment ?? "", [.. entries.Select(e => e.EntryId)]);
    }

    private static string CheckAreaName(string? name)
    {
        var checkedName = UserAreaNames.Validate(name, "user area");
        return UserAreaNames.IsReserved(checkedName)
            ? throw new ApiProblemException(ProblemCatalog.ReservedUserAreaName,
                $"'{checkedName}' is reserved for the areas the Laserfiche applications manage (the {UserAreaNames.CollectionPrefix} prefix, {UserAreaNames.Starred}, {UserAreaNames.RecentDocuments}, {UserAreaNames.RecentFolders}).")
            : checkedName;
    }

    /// <summary>A collection's display name: valid, not reserved, and not another of the user's collections' names (ignoring case).</summary>
    private async Task<string> CheckCollectionNameAsync(string userName, string? name, int? exceptAreaId, CancellationToken cancellationToken)
    {
        var displayName = UserAreaNames.Validate(name, "personal collection");
        if (UserAreaNames.IsReserved(displayName))
        {
            throw new ApiProblemException(ProblemCatalog.PersonalCollectionNameConflict, $"'{displayName}' is a reserved name.");
        }
        var others = await CollectionAreas(userName).Where(a => a.Id != exceptAreaId).Select(a => a.Comment).ToListAsync(cancellationToken);
        if (others.Any(o => string.Equals(o, displayName, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ApiProblemException(ProblemCatalog.PersonalCollectionNameConflict, $"User '{userName}' already has a personal collection named '{displayName}'.");
        }
        return displayName;
    }

    private async Task<UserAreaRecord> CreateAsync(
        string userName, string name, string? comment, string? data, ProblemKind conflict, CancellationToken cancellationToken, bool existingOnConflict = false)
    {
        var area = new UserAreaRecord { UserName = userName, Name = name, NameKey = UserAreaNames.Key(name), Comment = comment, Data = data };
        db.Add(area);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return area;
        }
        catch (DbUpdateException ex) when (dialect.IsConstraintViolation(ex))
        {
            db.Entry(area).State = EntityState.Detached;
            // Two first uses of Starred at once: the other request created it.
            if (existingOnConflict && await FindByNameAsync(userName, name, cancellationToken) is { } existing)
            {
                return existing;
            }
            throw new ApiProblemException(conflict, $"User '{userName}' already has a user area named '{name}'.");
        }
    }

    private static IReadOnlyList<int> RequireEntryIds(IReadOnlyList<int>? entryIds)
    {
        if (entryIds is null || entryIds.Count == 0)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidEntryIds, "entryIds must contain at least one entry ID.");
        }
        var notIds = entryIds.Where(id => id <= 0).ToList();
        if (notIds.Count > 0)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidEntryIds, $"{notIds[0]} is not an entry ID; entry IDs are positive.");
        }
        return [.. entryIds.Distinct()];
    }

    /// <summary>Adds the entries not yet in the area, in the order given; an entry the user cannot browse is refused.</summary>
    private async Task AddAsync(string userName, int areaId, IReadOnlyList<int> ids, CancellationToken cancellationToken)
    {
        var visible = await visibility.BrowsableAsync(userName, ids, cancellationToken);
        var missing = ids.Where(id => !visible.Contains(id)).ToList();
        if (missing.Count > 0)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidEntryIds, $"No entry exists with ID {string.Join(", ", missing)}.");
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            foreach (var id in ids)
            {
                // OR IGNORE skips entries already present (also when another request added one meanwhile); a foreign
                // key failure (the entry was deleted since the check above) still raises.
                await db.Database.ExecuteSqlInterpolatedAsync($"INSERT INTO UserAreaEntries (AreaId, EntryId) VALUES ({areaId}, {id}) ON CONFLICT DO NOTHING", cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbException ex) when (dialect.IsConstraintViolation(ex))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidEntryIds, "An entry was deleted while it was being added; nothing was added.");
        }
    }

    private Task RemoveAsync(int areaId, IReadOnlyList<int> ids, CancellationToken cancellationToken) =>
        Members.Where(m => m.AreaId == areaId && ids.Contains(m.EntryId)).ExecuteDeleteAsync(cancellationToken);

    /// <summary>An area's entries the user may browse, in the order they were added (or the newest first).</summary>
    private async Task<IReadOnlyList<UserAreaEntry>> EntriesAsync(string userName, int areaId, bool newestFirst, int? limit, CancellationToken cancellationToken)
    {
        var joined = Members.AsNoTracking().Where(m => m.AreaId == areaId)
            .Join(db.Set<EntryRecord>().AsNoTracking(), m => m.EntryId, e => e.Id, (m, e) => new { m.Id, EntryId = e.Id, e.FullPath });
        var ordered = newestFirst ? joined.OrderByDescending(r => r.Id) : joined.OrderBy(r => r.Id);
        var rows = (await ordered.ToListAsync(cancellationToken)).Select(r => new UserAreaEntry(r.EntryId, r.FullPath)).ToList();
        var visible = await visibility.BrowsableAsync(userName, [.. rows.Select(r => r.EntryId)], cancellationToken);
        var listed = rows.Where(r => visible.Contains(r.EntryId));
        return [.. limit is { } max ? listed.Take(max) : listed];
    }
}
