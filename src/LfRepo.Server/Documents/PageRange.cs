using LfRepo.Server.Problems;

namespace LfRepo.Server.Documents;

/// <summary>A <c>pageRange</c> such as "1,3-5,9": the pages it names, in the order named, without repeats.</summary>
public static class PageRange
{
    /// <summary>The 1-based page numbers of a document of <paramref name="pageCount"/> pages; pages past the end are left out.</summary>
    public static List<int> Select(string? range, int pageCount) => Select(range, pageCount, requireExisting: false);

    /// <summary>
    /// The pages a required <paramref name="range"/> names (MovePages, CopyPages): every page it names must exist,
    /// else 400.
    /// </summary>
    public static List<int> SelectExisting(string? range, int pageCount)
    {
        if (string.IsNullOrWhiteSpace(range))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, "pageRange is required: the pages to take, such as 1,3-5,9.");
        }
        return Select(range, pageCount, requireExisting: true);
    }

    private static List<int> Select(string? range, int pageCount, bool requireExisting)
    {
        if (string.IsNullOrWhiteSpace(range))
        {
            return [.. Enumerable.Range(1, pageCount)];
        }
        var pages = new List<int>();
        var seen = new HashSet<int>();
        foreach (var part in range.Split(',', StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-');
            var (first, last) = dash < 0
                ? (Number(part, range), Number(part, range))
                : (Number(part[..dash].Trim(), range), dash == part.Length - 1 ? pageCount : Number(part[(dash + 1)..].Trim(), range));
            if (last < first)
            {
                throw Invalid(range);
            }
            if (requireExisting && Math.Max(first, last) > pageCount)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidRequest,
                    $"The page range '{range}' names page {Math.Max(first, last)}, but the document has {pageCount} page(s).");
            }
            for (var page = first; page <= Math.Min(last, pageCount); page++)
            {
                if (seen.Add(page))
                {
                    pages.Add(page);
                }
            }
        }
        return pages;
    }

    private static int Number(string text, string range) =>
        int.TryParse(text, out var n) && n >= 1 ? n : throw Invalid(range);

    private static ApiProblemException Invalid(string range) =>
        new(ProblemCatalog.InvalidRequest, $"The page range '{range}' is not valid: give page numbers from 1 and ranges such as 1,3-5,9.");
}
