using System.Globalization;
using System.Text;
using LfRepo.Server.Problems;

namespace LfRepo.Server.Storage;

/// <summary>
/// Turns a full-text query in SQLite FTS5's form (the form search builds: quoted phrases, a trailing <c>*</c> for a
/// prefix, implicit AND, OR, binary NOT, parentheses, <c>NEAR(p1 p2 …, n)</c>) into PostgreSQL's <c>to_tsquery</c>
/// text: a phrase becomes its words joined by <c>&lt;-&gt;</c>, a prefix <c>:*</c>, NOT <c>&amp; !</c>, and NEAR
/// every distance from 1 to n + 1 in either order (<c>&lt;d&gt;</c>), since PostgreSQL has no "within n words".
/// </summary>
public static class PostgresFullText
{
    /// <summary>Distances above this are refused: NEAR expands into one alternative per distance.</summary>
    public const int MaxNearDistance = 64;

    public static string ToTsQuery(string fts5)
    {
        var parser = new Parser(fts5);
        var query = parser.Or();
        return parser.AtEnd ? query : throw new ArgumentException($"Unexpected text at {parser.Position} in the full-text query.", nameof(fts5));
    }

    private sealed class Parser(string text)
    {
        private int _at;

        public int Position => _at;

        public bool AtEnd
        {
            get
            {
                SkipSpaces();
                return _at >= text.Length;
            }
        }

        public string Or()
        {
            var left = And();
            while (Keyword("OR"))
            {
                left = $"({left} | {And()})";
            }
            return left;
        }

        private string And()
        {
            var left = Unary();
            while (true)
            {
                if (Keyword("AND"))
                {
                    left = $"({left} & {Unary()})";
                }
                else if (Keyword("NOT"))
                {
                    left = $"({left} & !{Unary()})";
                }
                else if (!AtEnd && text[_at] != ')' && !PeekKeyword("OR"))
                {
                    left = $"({left} & {Unary()})";
                }
                else
                {
                    return left;
                }
            }
        }

        private string Unary()
        {
            SkipSpaces();
            if (_at < text.Length && text[_at] == '(')
            {
                _at++;
                var inner = Or();
                Expect(')');
                return inner;
            }
            if (PeekKeyword("NEAR") && _at + 4 < text.Length && text[_at + 4] == '(')
            {
                _at += 5;
                return Near();
            }
            return Phrase();
        }

        private string Near()
        {
            var phrases = new List<string>();
            while (true)
            {
                SkipSpaces();
                if (_at < text.Length && text[_at] == ',')
                {
                    _at++;
                    break;
                }
                if (_at < text.Length && text[_at] == ')')
                {
                    break;
                }
                phrases.Add(Phrase());
            }
            SkipSpaces();
            var start = _at;
            while (_at < text.Length && char.IsAsciiDigit(text[_at]))
            {
                _at++;
            }
            var distance = _at > start ? int.Parse(text.AsSpan(start, _at - start), CultureInfo.InvariantCulture) : 10;
            Expect(')');
            if (distance > MaxNearDistance)
            {
                throw new ApiProblemException(ProblemCatalog.StoreEngineUnsupported,
                    $"Proximity beyond {MaxNearDistance} words is not translated for the PostgreSQL store.");
            }
            if (phrases.Count < 2)
            {
                return phrases.Count == 1 ? phrases[0] : "''";
            }
            // Each neighbouring pair within the distance, in either order.
            var pairs = new List<string>();
            for (var i = 0; i + 1 < phrases.Count; i++)
            {
                var alternatives = new List<string>();
                for (var d = 1; d <= distance + 1; d++)
                {
                    var apart = d.ToString(CultureInfo.InvariantCulture);
                    alternatives.Add($"({phrases[i]} <{apart}> {phrases[i + 1]})");
                    alternatives.Add($"({phrases[i + 1]} <{apart}> {phrases[i]})");
                }
                pairs.Add("(" + string.Join(" | ", alternatives) + ")");
            }
            return pairs.Count == 1 ? pairs[0] : "(" + string.Join(" & ", pairs) + ")";
        }

        private string Phrase()
        {
            SkipSpaces();
            string body;
            if (_at < text.Length && text[_at] == '"')
            {
                var value = new StringBuilder();
                _at++;
                while (true)
                {
                    if (_at >= text.Length)
                    {
                        throw new ArgumentException("An unterminated phrase in the full-text query.");
                    }
                    if (text[_at] == '"')
                    {
                        if (_at + 1 < text.Length && text[_at + 1] == '"')
                        {
                            value.Append('"');
                            _at += 2;
                            continue;
                        }
                        _at++;
                        break;
                    }
                    value.Append(text[_at++]);
                }
                body = value.ToString();
            }
            else
            {
                var start = _at;
                while (_at < text.Length && !char.IsWhiteSpace(text[_at]) && text[_at] is not ('(' or ')' or '*' or ','))
                {
                    _at++;
                }
                body = text[start.._at];
                if (body.Length == 0)
                {
                    throw new ArgumentException($"Unexpected '{(_at < text.Length ? text[_at] : ' ')}' at {_at} in the full-text query.");
                }
            }
            var prefix = _at < text.Length && text[_at] == '*';
            if (prefix)
            {
                _at++;
            }
            var words = Words(body);
            if (words.Count == 0)
            {
                // Punctuation only: nothing to find, as FTS5 finds nothing.
                return "''";
            }
            var lexemes = words.Select(Lexeme).ToList();
            if (prefix)
            {
                lexemes[^1] += ":*";
            }
            return lexemes.Count == 1 ? lexemes[0] : "(" + string.Join(" <-> ", lexemes) + ")";
        }

        /// <summary>The words of a phrase as the index's parser splits them: runs of letters and digits.</summary>
        private static List<string> Words(string phrase)
        {
            var words = new List<string>();
            var current = new StringBuilder();
            foreach (var rune in phrase.EnumerateRunes())
            {
                if (Rune.IsLetterOrDigit(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark)
                {
                    current.Append(rune.ToString());
                }
                else if (current.Length > 0)
                {
                    words.Add(current.ToString());
                    current.Clear();
                }
            }
            if (current.Length > 0)
            {
                words.Add(current.ToString());
            }
            return words;
        }

        private static string Lexeme(string word) => "'" + word.Replace("\\", "\\\\").Replace("'", "''") + "'";

        private bool Keyword(string keyword)
        {
            if (!PeekKeyword(keyword))
            {
                return false;
            }
            _at += keyword.Length;
            return true;
        }

        private bool PeekKeyword(string keyword)
        {
            SkipSpaces();
            return string.CompareOrdinal(text, _at, keyword, 0, keyword.Length) == 0
                && (_at + keyword.Length >= text.Length || text[_at + keyword.Length] is ' ' or '(' or '"');
        }

        private void Expect(char c)
        {
            SkipSpaces();
            if (_at >= text.Length || text[_at] != c)
            {
                throw new ArgumentException($"Expected '{c}' at {_at} in the full-text query.");
            }
            _at++;
        }

        private void SkipSpaces()
        {
            while (_at < text.Length && char.IsWhiteSpace(text[_at]))
            {
                _at++;
            }
        }
    }
}
