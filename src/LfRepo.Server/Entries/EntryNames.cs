using System.Globalization;
using LfRepo.Server.Problems;

namespace LfRepo.Server.Entries;

/// <summary>
/// Laserfiche naming rules: 1–255 characters, no backslash or control characters, unique per folder ignoring case.
/// LfRepo also refuses the forward slash (paths accept it as a separator, so such a name could not be found by
/// path) and lone surrogates (not text).
/// </summary>
public static class EntryNames
{
    public const int MaxLength = 255;

    /// <summary>The case-insensitive key names are compared and indexed by.</summary>
    public static string Key(string name) => name.ToUpperInvariant();

    public static string Validate(string? name, string member = "name")
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidEntryName, $"The {member} must not be empty.");
        }
        if (name.Length > MaxLength)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidEntryName, $"The {member} is {name.Length} characters long; the maximum is {MaxLength}.");
        }
        if (!Api.UnicodeText.IsWellFormed(name))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidEntryName, $"The {member} holds a lone UTF-16 surrogate, which is not text.");
        }
        foreach (var c in name)
        {
            if (c is '\\' or '/' || char.IsControl(c))
            {
                var shown = c switch { '\\' => "a backslash", '/' => "a forward slash", _ => $"the control character U+{(int)c:X4}" };
                throw new ApiProblemException(ProblemCatalog.InvalidEntryName, $"The {member} '{name}' contains {shown}, which entry names cannot hold.");
            }
        }
        return name;
    }

    /// <summary>
    /// Laserfiche's duplicate naming: the name itself when free, else "Name (2)", "Name (3)", … — the smallest
    /// number not taken among <paramref name="takenKeys"/>.
    /// </summary>
    public static string NextFree(string name, IReadOnlyCollection<string> takenKeys)
    {
        var key = Key(name);
        if (!takenKeys.Contains(key))
        {
            return name;
        }
        var used = new HashSet<int>();
        var prefix = key + " (";
        foreach (var taken in takenKeys)
        {
            if (taken.Length > prefix.Length + 1 && taken.StartsWith(prefix, StringComparison.Ordinal) && taken[^1] == ')' &&
                int.TryParse(taken.AsSpan(prefix.Length, taken.Length - prefix.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                used.Add(n);
            }
        }
        var next = 2;
        while (used.Contains(next))
        {
            next++;
        }
        var suffix = $" ({next})";
        var stem = name.Length + suffix.Length > MaxLength ? name[..(MaxLength - suffix.Length)] : name;
        return stem + suffix;
    }
}
