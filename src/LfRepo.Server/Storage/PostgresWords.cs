using System.Globalization;
using System.Text;

namespace LfRepo.Server.Storage;

/// <summary>
/// Word searches in PostgreSQL's SQL. The store gets two functions, written from .NET's own Unicode tables when the
/// store is prepared, so they fold and split text exactly as the search's matcher does in the process:
/// <c>lf_fold(text)</c> (NFD, marks removed, lower case by .NET's invariant mapping, NFC; ASCII text only lower-cased)
/// and <c>lf_word_text(text)</c> (the folded words, each between single spaces: <c>" cafe au lait "</c>; a text without
/// words is one space). Words are runs of ASCII letters and digits and of the other UTF-16 letters, digits and
/// non-spacing marks; everything else separates them. A run of words is then one regular expression over the word
/// text; fuzzy words compare word by word with <c>lf_edit_distance</c>. No extension is needed.
/// </summary>
public static class PostgresWords
{
    /// <summary>Whether <paramref name="c"/> is a letter of a word (the search's rule for UTF-16 characters).</summary>
    public static bool IsWordChar(char c) => c < 0x80
        ? char.IsAsciiLetterOrDigit(c)
        : char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark;

    private static bool IsMark(char c) => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark;

    /// <summary>The statements that create (or replace) the functions.</summary>
    public static string CreateFunctions()
    {
        var upper = new StringBuilder();
        var lower = new StringBuilder();
        for (var c = 1; c <= 0xFFFF; c++)
        {
            var ch = (char)c;
            if (char.IsSurrogate(ch))
            {
                continue;
            }
            var folded = char.ToLowerInvariant(ch);
            if (folded != ch && !char.IsSurrogate(folded))
            {
                upper.Append(Literal(ch));
                lower.Append(Literal(folded));
            }
        }
        var marks = Class(IsMark, negated: false);
        var separators = Class(IsWordChar, negated: true);
        return $$"""
            CREATE OR REPLACE FUNCTION lf_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $f$
                SELECT CASE WHEN octet_length($1) = length($1)
                    THEN translate($1, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')
                    ELSE normalize(translate(regexp_replace(normalize($1, NFD), E'{{marks}}+', '', 'g'), E'{{upper}}', E'{{lower}}'), NFC)
                END
            $f$;
            CREATE OR REPLACE FUNCTION lf_word_text(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$
                SELECT CASE WHEN w = '' THEN ' ' ELSE ' ' || w || ' ' END
                FROM (SELECT btrim(regexp_replace(lf_fold(COALESCE($1, '')), E'{{separators}}+', ' ', 'g'), ' ') AS w) s
            $f$;
            CREATE OR REPLACE FUNCTION lf_edit_distance(a text, b text, limit_ integer) RETURNS integer LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT AS $f$
            DECLARE
                la integer := length(a);
                lb integer := length(b);
                previous integer[];
                current_ integer[];
                row_minimum integer;
                cost integer;
            BEGIN
                IF abs(la - lb) > limit_ THEN
                    RETURN limit_ + 1;
                END IF;
                IF la = 0 OR lb = 0 THEN
                    RETURN greatest(la, lb);
                END IF;
                previous := array_fill(0, ARRAY[lb + 1], ARRAY[0]);
                FOR j IN 0..lb LOOP
                    previous[j] := j;
                END LOOP;
                FOR i IN 1..la LOOP
                    current_ := array_fill(0, ARRAY[lb + 1], ARRAY[0]);
                    current_[0] := i;
                    row_minimum := i;
                    FOR j IN 1..lb LOOP
                        cost := CASE WHEN substr(a, i, 1) = substr(b, j, 1) THEN 0 ELSE 1 END;
                        current_[j] := least(previous[j] + 1, current_[j - 1] + 1, previous[j - 1] + cost);
                        row_minimum := least(row_minimum, current_[j]);
                    END LOOP;
                    IF row_minimum > limit_ THEN
                        RETURN limit_ + 1;
                    END IF;
                    previous := current_;
                END LOOP;
                RETURN least(previous[lb], limit_ + 1);
            END
            $f$;
            """;
    }

    /// <summary>
    /// SQL: whether the folded words of <paramref name="text"/> hold every requirement (a run of words in order, the
    /// requirements in any order).
    /// </summary>
    public static string Matches(string text, IReadOnlyList<IReadOnlyList<WordTest>> requirements, Func<object, string> parameter)
    {
        var runs = new List<string>();
        var fuzzy = new List<string>();
        foreach (var requirement in requirements)
        {
            if (requirement.All(t => t.Kind != WordTestKind.Fuzzy))
            {
                runs.Add(parameter(" " + string.Join(" ", requirement.Select(TokenPattern)) + " "));
                continue;
            }
            var tests = requirement.Select((test, k) =>
            {
                var word = k == 0 ? "a.w[i]" : $"a.w[i + {k.ToString(CultureInfo.InvariantCulture)}]";
                return test.Kind switch
                {
                    WordTestKind.Exact => $"{word} = {parameter(test.Word)}",
                    WordTestKind.Wildcard => $"{word} ~ {parameter("^" + TokenPattern(test) + "$")}",
                    _ => $"lf_edit_distance({parameter(test.Word)}, {word}, {test.MaxEdits.ToString(CultureInfo.InvariantCulture)}) <= {test.MaxEdits.ToString(CultureInfo.InvariantCulture)}",
                };
            });
            fuzzy.Add($"EXISTS (SELECT 1 FROM (SELECT string_to_array(btrim(s.t, ' '), ' ') AS w) a, generate_subscripts(a.w, 1) AS i WHERE {string.Join(" AND ", tests)})");
        }
        if (fuzzy.Count == 0)
        {
            return runs.Count == 1 ? $"lf_word_text({text}) ~ {runs[0]}" : $"lf_word_text({text}) ~ ALL (ARRAY[{string.Join(", ", runs)}])";
        }
        var conditions = new List<string>();
        if (runs.Count > 0)
        {
            conditions.Add($"s.t ~ ALL (ARRAY[{string.Join(", ", runs)}])");
        }
        conditions.AddRange(fuzzy);
        return $"EXISTS (SELECT 1 FROM (SELECT lf_word_text({text}) AS t) s WHERE {string.Join(" AND ", conditions)})";
    }

    /// <summary>
    /// A regular expression for one word (no anchors): <c>*</c> any letters, <c>?</c> one, <c>[…]</c> a set of letters;
    /// the space between words never matches.
    /// </summary>
    public static string TokenPattern(WordTest test)
    {
        var pattern = test.Word;
        var regex = new StringBuilder();
        if (test.Kind != WordTestKind.Wildcard)
        {
            foreach (var c in pattern)
            {
                regex.Append(Escape(c));
            }
            return regex.ToString();
        }
        if (test.Leading)
        {
            regex.Append("[^ ]*");
        }
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*':
                    regex.Append("[^ ]*");
                    break;
                case '?':
                    regex.Append("[^ ]");
                    break;
                case '[':
                {
                    var close = pattern.IndexOf(']', i + 1);
                    var set = close < 0 ? pattern[(i + 1)..] : pattern[(i + 1)..close];
                    var negated = set.StartsWith('^');
                    regex.Append("(?! )[").Append(negated ? "^" : "");
                    foreach (var member in negated ? set[1..] : set)
                    {
                        regex.Append(member == '-' ? "-" : Escape(member));
                    }
                    regex.Append(']');
                    i = close < 0 ? pattern.Length : close;
                    break;
                }
                default:
                    regex.Append(Escape(c));
                    break;
            }
        }
        if (test.Trailing)
        {
            regex.Append("[^ ]*");
        }
        return regex.ToString();
    }

    /// <summary>One character as a regular expression atom: letters and digits as they are, the rest escaped.</summary>
    private static string Escape(char c) => char.IsAsciiLetterOrDigit(c) || (c > 0x7f && !char.IsSurrogate(c))
        ? c.ToString()
        : char.IsSurrogate(c) ? c.ToString() : "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture);

    /// <summary>A bracket expression of the BMP characters for which <paramref name="member"/> holds, as ranges of escapes.</summary>
    private static string Class(Func<char, bool> member, bool negated)
    {
        var builder = new StringBuilder("[");
        if (negated)
        {
            builder.Append('^');
        }
        var c = 1;
        while (c <= 0xFFFF)
        {
            if (char.IsSurrogate((char)c) || !member((char)c))
            {
                c++;
                continue;
            }
            var start = c;
            while (c + 1 <= 0xFFFF && !char.IsSurrogate((char)(c + 1)) && member((char)(c + 1)))
            {
                c++;
            }
            builder.Append(RegexEscape(start));
            if (c > start)
            {
                builder.Append('-').Append(RegexEscape(c));
            }
            c++;
        }
        return builder.Append(']').ToString();
    }

    /// <summary>A character escape of the regular expression, written for an E'' literal (its backslash doubled).</summary>
    private static string RegexEscape(int c) => "\\\\u" + c.ToString("x4", CultureInfo.InvariantCulture);

    /// <summary>A character inside an E'' literal.</summary>
    private static string Literal(char c) => c switch
    {
        '\'' => "''",
        '\\' => "\\\\",
        _ => c.ToString(),
    };
}
