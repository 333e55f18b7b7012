using LfRepo.Server.Metadata;

namespace LfRepo.Server.UserAreas;

/// <summary>Body of StarEntries and UnstarEntries.</summary>
public sealed record StarEntriesRequest
{
    public IReadOnlyList<int>? EntryIds { get; init; }
}

/// <summary>Body of AddCollectionEntries, RemoveCollectionEntries, AddUserAreaEntries and RemoveUserAreaEntries.</summary>
public sealed record EntryIdsRequest
{
    public IReadOnlyList<int>? EntryIds { get; init; }
}

/// <summary>Body of CreatePersonalCollection.</summary>
public sealed record CreatePersonalCollectionRequest
{
    public string? Name { get; init; }
}

/// <summary>Body of RenamePersonalCollection.</summary>
public sealed record RenamePersonalCollectionRequest
{
    public string? Name { get; init; }
}

/// <summary>Body of CreateUserArea.</summary>
public sealed record CreateUserAreaRequest
{
    public string? Name { get; init; }

    public string? Comment { get; init; }

    public string? Data { get; init; }
}

/// <summary>Body of UpdateUserArea: null members are left unchanged.</summary>
public sealed record UpdateUserAreaRequest
{
    public string? Name { get; init; }

    public string? Comment { get; init; }

    public string? Data { get; init; }
}

/// <summary>An entry of a user area as the wire shows it.</summary>
public sealed record UserAreaEntry(int EntryId, string FullPath);

/// <summary>A generic user area as the wire shows it.</summary>
public sealed record UserArea(int Id, string Name, string? Comment, string? Data)
{
    public static UserArea From(UserAreaRecord area) => new(area.Id, area.Name, area.Comment, area.Data);
}

/// <summary>A personal collection: its stable id (the area name), display name and member entry ids.</summary>
public sealed record PersonalCollection(string Id, string Name, IReadOnlyList<int> EntryIds);

/// <summary>The wire shapes of user areas, members in the spec's order.</summary>
public static class UserAreaWire
{
    public static readonly WireShape<UserAreaEntry> Entry = new("UserAreaEntry", "entryId",
        new Member<UserAreaEntry>("entryId", MemberKind.Int32, e => e.EntryId),
        new Member<UserAreaEntry>("fullPath", MemberKind.String, e => e.FullPath));

    public static readonly WireShape<PersonalCollection> Collection = new("PersonalCollection", "id",
        new Member<PersonalCollection>("id", MemberKind.String, c => c.Id),
        new Member<PersonalCollection>("name", MemberKind.String, c => c.Name),
        new Member<PersonalCollection>("entryIds", MemberKind.Int32s, c => c.EntryIds));

    public static readonly WireShape<UserArea> Area = new("UserArea", "id",
        new Member<UserArea>("id", MemberKind.Int32, a => a.Id),
        new Member<UserArea>("name", MemberKind.String, a => a.Name),
        new Member<UserArea>("comment", MemberKind.String, a => a.Comment),
        new Member<UserArea>("data", MemberKind.String, a => a.Data));
}
