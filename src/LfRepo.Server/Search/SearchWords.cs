using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using LfRepo.Server.Storage;

namespace LfRepo.Server.Search;

/// <summary>
/// Words as indexed text sees them: runs of letters and digits, compared with letter case and accents folded away
/// (the way the full-text index's unicode61 tokenizer folds them), so names, field values and document text agree.
/// </summary>
public static class SearchWords
{
    /// <summary>Lower case without accents: "Café" and "CAFE" fold to "cafe".</summary>
    public static string Fold(string text)
    {
        var ascii = true;
        foreach (var c in text)
        {
            if (c > 0x7f)
            {
                ascii = false;
                break;
            }
        }
        if (ascii)
        {
            return text.ToLowerInvariant();
        }
        var builder = new StringBuilder(text.Length);
        foreach (var c in Api.UnicodeText.Repair(text).Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }
        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    public static bool IsWordChar(char c) => c < 0x80
        ? char.IsAsciiLetterOrDigit(c)
        : char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark;

    /// <summary>The distinct folded words of <paramref name="text"/> (what the vocabulary of the full-text index keeps).</summary>
    public static HashSet<string> DistinctFoldedWords(string text)
    {
        var folded = Fold(text);
        var words = new HashSet<string>(StringComparer.Ordinal);
        var lookup = words.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var (start, length) in Tokens(folded))
        {
            lookup.Add(folded.AsSpan(start, length));
        }
        return words;
    }

    /// <summary>Where the words of <paramref name="text"/> are.</summary>
    public static List<(int Start, int Length)> Tokens(string text)
    {
        var tokens = new List<(int, int)>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && IsWordChar(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                tokens.Add((start, i - start));
                start = -1;
            }
        }
        return tokens;
    }

    /// <summary>
    /// The words of a searched word that may hold wildcards (<c>* ?</c> and <c>[…]</c> sets stay inside a word):
    /// "ab-c*" is the two words "ab" and "c*", which must follow each other.
    /// </summary>
    public static List<string> PatternTokens(string pattern)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '[')
            {
                var close = pattern.IndexOf(']', i + 1);
                var end = close < 0 ? pattern.Length - 1 : close;
                current.Append(pattern, i, end - i + 1);
                i = end;
            }
            else if (c is '*' or '?' || IsWordChar(c))
            {
                current.Append(c);
            }
            else if (current.Length > 0)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }
        }
        if (current.Length > 0)
        {
            tokens.Add(current.ToString());
        }
        return tokens;
    }

    public static bool HasWildcards(string text) => text.IndexOfAny(['*', '?', '[']) >= 0;

    /// <summary>
    /// The Levenshtein distance of <paramref name="a"/> and <paramref name="b"/> (letters added, removed or changed),
    /// or <paramref name="limit"/> + 1 as soon as it is known to exceed <paramref name="limit"/>.
    /// </summary>
    public static int EditDistance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return limit + 1;
        }
        if (a.Length == 0 || b.Length == 0)
        {
            return Math.Max(a.Length, b.Length);
        }
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMinimum = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                rowMinimum = Math.Min(rowMinimum, current[j]);
            }
            if (rowMinimum > limit)
            {
                return limit + 1;
            }
            (previous, current) = (current, previous);
        }
        return Math.Min(previous[b.Length], limit + 1);
    }

    /// <summary>A regular expression for one folded word pattern with the search language's wildcards.</summary>
    public static Regex WildcardRegex(string foldedPattern, bool leading, bool trailing)
    {
        var builder = new StringBuilder("^");
        if (leading)
        {
            builder.Append(".*");
        }
        for (var i = 0; i < foldedPattern.Length; i++)
        {
            var c = foldedPattern[i];
            switch (c)
            {
                case '*':
                    builder.Append(".*");
                    break;
                case '?':
                    builder.Append('.');
                    break;
                case '[':
                {
                    var close = foldedPattern.IndexOf(']', i + 1);
                    var set = close < 0 ? foldedPattern[(i + 1)..] : foldedPattern[(i + 1)..close];
                    var negated = set.StartsWith('^');
                    builder.Append('[').Append(negated ? "^" : "");
                    foreach (var member in negated ? set[1..] : set)
                    {
                        builder.Append(member == '-' ? "-" : Regex.Escape(member.ToString()).Replace("]", "\\]", StringComparison.Ordinal));
                    }
                    builder.Append(']');
                    i = close < 0 ? foldedPattern.Length : close;
                    break;
                }
                default:
                    builder.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        if (trailing)
        {
            builder.Append(".*");
        }
        return new Regex(builder.Append('$').ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }
}

/// <summary>
/// A word search (<c>~=</c>, Basic's N and F) over one text: every requirement, a word or a run of words (phrase),
/// must be found among the text's words, in any order. Words match exactly, by wildcard, or within the fuzzy edits.
/// </summary>
public sealed class SearchWordMatcher
{
    private readonly List<Func<string, bool>[]> _requirements = [];
    private readonly List<IReadOnlyList<WordTest>> _tests = [];

    public SearchWordMatcher(IEnumerable<IReadOnlyList<string>> requirements, bool leading, bool trailing, SearchFuzziness fuzziness)
    {
        foreach (var requirement in requirements)
        {
            var tests = requirement.Select(word => Test(SearchWords.Fold(word), leading, trailing, fuzziness)).ToArray();
            _tests.Add(tests);
            _requirements.Add(tests.Select(Word).ToArray());
        }
    }

    public int Count => _requirements.Count;

    /// <summary>The requirements as the store's SQL tests them: per requirement, its words in order.</summary>
    public IReadOnlyList<IReadOnlyList<WordTest>> Tests => _tests;

    public bool Matches(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        var folded = SearchWords.Fold(text);
        var words = SearchWords.Tokens(folded).Select(t => folded.Substring(t.Start, t.Length)).ToList();
        foreach (var requirement in _requirements)
        {
            var found = false;
            for (var start = 0; !found && start + requirement.Length <= words.Count; start++)
            {
                found = true;
                for (var k = 0; found && k < requirement.Length; k++)
                {
                    found = requirement[k](words[start + k]);
                }
            }
            if (!found)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>How a folded searched word is compared: as a pattern, within the fuzzy edits, or exactly.</summary>
    private static WordTest Test(string word, bool leading, bool trailing, SearchFuzziness fuzziness)
    {
        if (leading || trailing || SearchWords.HasWildcards(word))
        {
            return new WordTest(word, WordTestKind.Wildcard, leading, trailing);
        }
        if (fuzziness.IsFuzzy && fuzziness.MaxEdits(word.Length) > 0)
        {
            return new WordTest(word, WordTestKind.Fuzzy, MaxEdits: fuzziness.MaxEdits(word.Length));
        }
        return new WordTest(word, WordTestKind.Exact);
    }

    private static Func<string, bool> Word(WordTest test)
    {
        var word = test.Word;
        switch (test.Kind)
        {
            case WordTestKind.Wildcard:
                return SearchWords.WildcardRegex(word, test.Leading, test.Trailing).IsMatch;
            case WordTestKind.Fuzzy:
                var edits = test.MaxEdits;
                return candidate => SearchWords.EditDistance(word, candidate, edits) <= edits;
            default:
                return candidate => string.Equals(candidate, word, StringComparison.Ordinal);
        }
    }
}
