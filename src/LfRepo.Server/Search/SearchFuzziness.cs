using System.Globalization;
using LfRepo.Server.Problems;

namespace LfRepo.Server.Search;

/// <summary>How fuzzy matching is measured (StartSearchEntry's <c>fuzzyType</c>).</summary>
public enum FuzzyType
{
    None,
    Percentage,
    NumberOfLetters,
}

/// <summary>
/// A search's fuzzy setting: how many letters a word of indexed text (document text, and names and field values
/// searched with <c>~=</c>) may differ from a searched word, counted as edits (a letter added, removed or changed).
/// <c>NumberOfLetters</c> allows <see cref="Factor"/> edits; <c>Percentage</c> is how similar the words must be, so
/// 80 allows one edit in five letters. A word never matches with every letter changed.
/// </summary>
public sealed record SearchFuzziness(FuzzyType Type, int Factor)
{
    public static readonly SearchFuzziness None = new(FuzzyType.None, 0);

    public bool IsFuzzy => Type switch
    {
        FuzzyType.Percentage => Factor < 100,
        FuzzyType.NumberOfLetters => Factor > 0,
        _ => false,
    };

    /// <summary>The edits allowed for a searched word of <paramref name="length"/> letters.</summary>
    public int MaxEdits(int length)
    {
        var edits = Type switch
        {
            FuzzyType.Percentage => length * (100 - Factor) / 100,
            FuzzyType.NumberOfLetters => Factor,
            _ => 0,
        };
        return Math.Clamp(edits, 0, Math.Max(0, length - 1));
    }

    /// <summary>The setting of a request: 400 when the factor is missing or out of range for its type.</summary>
    public static SearchFuzziness From(FuzzyType? type, int? factor)
    {
        if (type is null or FuzzyType.None)
        {
            return None;
        }
        if (factor is not { } value)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest,
                $"fuzzyType {type} needs a fuzzyFactor ({(type == FuzzyType.Percentage ? "the percentage of letters that must match, 1 to 100" : "the number of letters that may differ, 0 or more")}).");
        }
        var valid = type == FuzzyType.Percentage ? value is >= 1 and <= 100 : value >= 0;
        if (!valid)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, type == FuzzyType.Percentage
                ? $"fuzzyFactor {value.ToString(CultureInfo.InvariantCulture)} is no percentage: with fuzzyType Percentage it is 1 to 100."
                : $"fuzzyFactor {value.ToString(CultureInfo.InvariantCulture)} is negative: with fuzzyType NumberOfLetters it is 0 or more letters.");
        }
        return new SearchFuzziness(type.Value, value);
    }

    /// <summary>Whether <paramref name="word"/> is within the allowed edits of <paramref name="searched"/> (both folded).</summary>
    public bool Matches(string searched, string word)
    {
        var edits = MaxEdits(searched.Length);
        return SearchWords.EditDistance(searched, word, edits) <= edits;
    }
}
