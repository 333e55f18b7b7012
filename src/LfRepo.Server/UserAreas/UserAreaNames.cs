using LfRepo.Server.Problems;

namespace LfRepo.Server.UserAreas;

/// <summary>
/// The names of the areas the Laserfiche applications manage, and the rules every user-chosen name follows.
/// A personal collection is the area named <c>pc_…</c>; Starred and the recent lists have fixed names.
/// </summary>
public static class UserAreaNames
{
    public const string Starred = "Starred";
    public const string RecentDocuments = "RecentDocuments";
    public const string RecentFolders = "RecentFolders";
    public const string CollectionPrefix = "pc_";
    public const int MaxLength = 255;

    private static readonly string[] WellKnown = [Starred, RecentDocuments, RecentFolders];

    public static string Key(string name) => name.ToUpperInvariant();

    /// <summary>True for the names of application-managed areas: the pc_ prefix and the well-known names, ignoring case.</summary>
    public static bool IsReserved(string name) =>
        name.StartsWith(CollectionPrefix, StringComparison.OrdinalIgnoreCase) ||
        WellKnown.Any(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));

    public static bool IsCollection(string name) => name.StartsWith(CollectionPrefix, StringComparison.Ordinal);

    /// <summary>A new personal collection's area name, its stable id.</summary>
    public static string NewCollectionName() => CollectionPrefix + Guid.NewGuid().ToString("N");

    /// <summary>Checks a name a client chose (of a user area or a personal collection) and returns it.</summary>
    public static string Validate(string? name, string what)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"The {what} name is required and may not be blank.");
        }
        if (name.Length > MaxLength)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"The {what} name has {name.Length} characters; at most {MaxLength} are allowed.");
        }
        if (name.Any(char.IsControl))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"The {what} name may not contain control characters.");
        }
        return name;
    }
}
