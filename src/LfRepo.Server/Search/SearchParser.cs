using System.Globalization;
using System.Text;
using LfRepo.Server.Problems;

namespace LfRepo.Server.Search;

/// <summary>
/// Parses a Laserfiche search command (recursive descent: NOT binds tighter than AND, AND tighter than OR).
/// Errors are 400 problems naming the 1-based character position and carrying the Laserfiche error code.
/// </summary>
public sealed class SearchParser
{
    /// <summary>The <c>LF:</c> attributes the emulator evaluates, upper-cased.</summary>
    public static readonly IReadOnlySet<string> SupportedAttributes = new HashSet<string>(StringComparer.Ordinal)
    {
        "BASIC", "NAME", "PARENTNAME", "ID", "LOOKIN", "CREATED", "MODIFIED", "CREATOR", "TAGS", "EXT", "PAGECOUNT", "EDOCSIZE", "TEMPLATENAME",
        "ANNTEXT", "ANNCOMMENT", "STICKY", "CALLOUT", "TEXTBOX", "ANNCOLOR", "ANNCREATOR", "ANNTYPE", "ANNPAGE", "ANNSTAMPNAME",
    };

    /// <summary>Documented attributes the emulator does not evaluate: they answer 400 naming them, not "unknown".</summary>
    private static readonly IReadOnlySet<string> DocumentedAttributes = new HashSet<string>(StringComparer.Ordinal)
    {
        "CHILDNAME", "OWNER", "LASTMODIFIEDBY", "CHECKOUTUSER", "CHECKOUTUSERID", "TAGCOMMENT", "IMAGESIZE", "TEXTSIZE", "TOTALIMAGESIZE",
        "TOTALTEXTSIZE", "IMG", "ASSOCIATEDPAGES", "INDEXED", "HOLD", "OCR", "TEMPLATEID", "VOLNAME", "VOLID", "RELATION", "RELATIONSRC",
        "RELATIONDST", "LINKGROUPCOMMENT", "HOLDREASON", "HOLDDUEDATE", "GEOTEXT",
    };

    /// <summary>Which qualifier each attribute takes.</summary>
    private static readonly Dictionary<string, string[]> Qualifier = new(StringComparer.Ordinal)
    {
        ["OPTION"] = ["BASIC"],
        ["TYPE"] = ["NAME", "ANNTEXT"],
        ["SUBFOLDERS"] = ["LOOKIN"],
    };

    /// <summary>The most operators (&amp;, |, -, proximity, juxtaposed words) one search may join; SQLite's expression depth bounds them.</summary>
    public const int MaxTerms = 500;

    /// <summary>How deeply parentheses may nest.</summary>
    public const int MaxNesting = 50;

    /// <summary>The largest proximity distance, in words.</summary>
    public const int MaxProximity = 10_000;

    private readonly string _text;
    private int _pos;
    private int _joins;
    private int _nesting;

    private SearchParser(string text) => _text = text;

    public static SearchNode Parse(string command)
    {
        var parser = new SearchParser(StripComments(command));
        parser.SkipSpace();
        if (parser.AtEnd)
        {
            throw new ApiProblemException(ProblemCatalog.SearchUnexpectedEnd, "The search command is empty.");
        }
        var node = parser.ParseOr();
        parser.SkipSpace();
        if (!parser.AtEnd)
        {
            throw parser.UnexpectedHere();
        }
        return node;
    }

    /// <summary>Comments and evaluation hints never change results; blanking them keeps positions.</summary>
    private static string StripComments(string command)
    {
        var builder = new StringBuilder(command);
        var inQuote = false;
        for (var i = 0; i < builder.Length; i++)
        {
            if (builder[i] == '"')
            {
                inQuote = !inQuote;
            }
            else if (!inQuote && builder[i] == '/' && i + 1 < builder.Length && builder[i + 1] == '*')
            {
                var end = command.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw new ApiProblemException(ProblemCatalog.SearchUnexpectedEnd, $"The comment at character {i + 1} is not closed with */.");
                }
                for (var j = i; j < end + 2; j++)
                {
                    builder[j] = ' ';
                }
                i = end + 1;
            }
        }
        return builder.ToString();
    }

    private bool AtEnd => _pos >= _text.Length;

    private char Current => _text[_pos];

    /// <summary>Whether a proximity operator (<c>^N</c> or <c>-^N</c>) starts here.</summary>
    private bool AtProximity => !AtEnd && (Current == '^' || (Current == '-' && _pos + 1 < _text.Length && _text[_pos + 1] == '^'));

    private void SkipSpace()
    {
        while (!AtEnd && char.IsWhiteSpace(Current))
        {
            _pos++;
        }
    }

    private ApiProblemException Error(ProblemKind kind, string what, int? at = null) =>
        new(kind, $"{what} (at character {(at ?? _pos) + 1}).");

    private ApiProblemException UnexpectedHere()
    {
        if (AtEnd)
        {
            return Error(ProblemCatalog.SearchUnexpectedEnd, "The search command ends too early");
        }
        return Current switch
        {
            '&' => Error(ProblemCatalog.SearchUnexpectedAnd, "'&' has nothing on its left"),
            '|' => Error(ProblemCatalog.SearchUnexpectedOr, "'|' has nothing on its left"),
            '-' => Error(ProblemCatalog.SearchUnexpectedNot, "'-' is binary (A - B); it has nothing on its left"),
            ')' => Error(ProblemCatalog.SearchUnexpectedParenthesis, "')' closes no '('"),
            '}' => Error(ProblemCatalog.SearchMissingLeftBrace, "'}' closes no '{'"),
            _ => Error(ProblemCatalog.SearchSyntax, $"Unexpected '{Current}'"),
        };
    }

    private SearchNode ParseOr() => ParseBinary(ParseAnd, () => Current == '|', "'|'", (l, r) => new OrNode(l, r));

    private SearchNode ParseAnd() => ParseBinary(ParseNot, () => Current == '&', "'&'", (l, r) => new AndNode(l, r));

    /// <summary>The binary <c>-</c>; a <c>-^N</c> is a proximity operator, not a NOT.</summary>
    private SearchNode ParseNot() => ParseBinary(ParseUnary, () => Current == '-' && !AtProximity, "'-'", (l, r) => new AndNotNode(l, r));

    /// <summary>A left-associative chain of one binary operator over operands of the next tighter level.</summary>
    private SearchNode ParseBinary(Func<SearchNode> operand, Func<bool> atOperator, string name, Func<SearchNode, SearchNode, SearchNode> combine)
    {
        var left = operand();
        while (true)
        {
            SkipSpace();
            if (AtEnd || !atOperator())
            {
                return left;
            }
            _pos++;
            CountJoin();
            left = combine(left, ParseOperand(operand, name));
        }
    }

    private void CountJoin()
    {
        if (++_joins >= MaxTerms)
        {
            throw Error(ProblemCatalog.SearchTooManyTerms, $"The search joins more than {MaxTerms} terms");
        }
    }

    private SearchNode ParseOperand(Func<SearchNode> parse, string after)
    {
        SkipSpace();
        if (AtEnd)
        {
            throw Error(ProblemCatalog.SearchUnexpectedEnd, $"{after} needs a search term on its right");
        }
        return parse();
    }

    private SearchNode ParseUnary()
    {
        SkipSpace();
        if (AtEnd)
        {
            throw Error(ProblemCatalog.SearchUnexpectedEnd, "A search term is missing");
        }
        switch (Current)
        {
            case '(':
            {
                var open = _pos++;
                if (++_nesting > MaxNesting)
                {
                    throw Error(ProblemCatalog.SearchTooManyTerms, $"Parentheses nest more than {MaxNesting} deep", open);
                }
                var inner = ParseOr();
                _nesting--;
                SkipSpace();
                if (AtEnd)
                {
                    throw Error(ProblemCatalog.SearchMissingParenthesis, $"The '(' at character {open + 1} is not closed");
                }
                if (Current != ')')
                {
                    throw UnexpectedHere();
                }
                _pos++;
                SkipSpace();
                return AtProximity ? ParseText(inner) : inner;
            }
            case '{':
                return ParseBrace();
            case '&' or '|' or '-' or ')' or '}':
                throw UnexpectedHere();
            default:
                return ParseText(null);
        }
    }

    /// <summary>Text terms, juxtaposed or joined by proximity operators; <paramref name="first"/> is a parenthesised left side.</summary>
    private SearchNode ParseText(SearchNode? first)
    {
        var left = first ?? ParseTextAtom();
        while (true)
        {
            SkipSpace();
            if (AtEnd)
            {
                return left;
            }
            if (AtProximity)
            {
                var negated = Current == '-';
                var at = _pos;
                _pos += negated ? 2 : 1;
                var start = _pos;
                while (!AtEnd && char.IsAsciiDigit(Current))
                {
                    _pos++;
                }
                if (start == _pos)
                {
                    throw Error(ProblemCatalog.SearchSyntax, "The proximity operator needs a number of words", at);
                }
                if (!int.TryParse(_text[start.._pos], NumberStyles.None, CultureInfo.InvariantCulture, out var distance) || distance > MaxProximity)
                {
                    throw Error(ProblemCatalog.SearchSyntax, $"The proximity distance {_text[start.._pos]} is larger than the limit of {MaxProximity} words", at);
                }
                CountJoin();
                SkipSpace();
                if (AtEnd)
                {
                    throw Error(ProblemCatalog.SearchUnexpectedEnd, "The proximity operator needs a term on its right");
                }
                var right = Current == '(' ? ParseUnary() : ParseTextAtom();
                left = new ProximityNode(left, right, distance, negated);
                continue;
            }
            if (Current is '&' or '|' or '-' or ')' or '{' or '}' or '(')
            {
                return left;
            }
            // Juxtaposed words must all be present.
            CountJoin();
            left = new AndNode(left, ParseTextAtom());
        }
    }

    private TextNode ParseTextAtom()
    {
        SkipSpace();
        var start = _pos;
        if (Current == '"')
        {
            return new TextNode(ReadQuoted(), true, start);
        }
        if (Current is '%' or '#')
        {
            throw Error(ProblemCatalog.SearchInvalidCharacter, $"A term starting with '{Current}' must be quoted");
        }
        while (!AtEnd && (char.IsLetterOrDigit(Current) || Current is '*' or '?' or '[' or ']' or '.' or '\'' or '_'))
        {
            _pos++;
        }
        if (start == _pos)
        {
            throw Error(ProblemCatalog.SearchInvalidCharacter, $"'{Current}' cannot start a search term; quote it");
        }
        return new TextNode(_text[start.._pos], false, start);
    }

    /// <summary>A double-quoted literal; <c>""</c> or <c>\"</c> inside stand for one quote.</summary>
    private string ReadQuoted()
    {
        var open = _pos++;
        var value = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw Error(ProblemCatalog.SearchUnterminatedLiteral, $"The literal starting at character {open + 1} has no closing quote", open);
            }
            var c = Current;
            if (c == '"')
            {
                if (_pos + 1 < _text.Length && _text[_pos + 1] == '"')
                {
                    value.Append('"');
                    _pos += 2;
                    continue;
                }
                _pos++;
                return value.ToString();
            }
            if (c == '\\' && _pos + 1 < _text.Length && _text[_pos + 1] == '"' && _pos + 2 < _text.Length && _text.IndexOf('"', _pos + 2) >= 0)
            {
                value.Append('"');
                _pos += 2;
                continue;
            }
            value.Append(c);
            _pos++;
        }
    }

    private SearchNode ParseBrace()
    {
        var open = _pos++;
        SkipSpace();
        ExpectNotEnd(open);
        SearchNode node;
        if (Current == '[' || !LooksLikeNamespace())
        {
            node = ParseTemplateBrace(open);
        }
        else
        {
            var ns = ReadIdentifier();
            if (!ns.Equals("LF", StringComparison.OrdinalIgnoreCase))
            {
                throw new ApiProblemException(ProblemCatalog.SearchInvalidParameter,
                    $"The search namespace '{ns}:' is not supported; only 'LF:' attributes and template/field terms are (at character {open + 2}).");
            }
            SkipSpace();
            _pos++; // the ':' LooksLikeNamespace saw
            node = ParseAttributeClauses(open);
        }
        SkipSpace();
        ExpectNotEnd(open);
        if (Current != '}')
        {
            throw Error(ProblemCatalog.SearchSyntax, $"Expected ',' or '}}' but found '{Current}'");
        }
        _pos++;
        return node;
    }

    private void ExpectNotEnd(int open)
    {
        if (AtEnd)
        {
            throw Error(ProblemCatalog.SearchMissingRightBrace, $"The '{{' at character {open + 1} is not closed with '}}'", open);
        }
    }

    /// <summary>True when the brace starts with <c>IDENT :</c> where IDENT is a namespace, not a bare template name.</summary>
    private bool LooksLikeNamespace()
    {
        var probe = _pos;
        while (probe < _text.Length && char.IsLetter(_text[probe]))
        {
            probe++;
        }
        var word = _text[_pos..probe].ToUpperInvariant();
        while (probe < _text.Length && char.IsWhiteSpace(_text[probe]))
        {
            probe++;
        }
        return probe < _text.Length && _text[probe] == ':' && word is "LF" or "LFVER" or "LFGEO" or "LFRM";
    }

    private string ReadIdentifier()
    {
        var start = _pos;
        while (!AtEnd && (char.IsLetterOrDigit(Current) || Current == '_'))
        {
            _pos++;
        }
        if (start == _pos)
        {
            throw AtEnd ? Error(ProblemCatalog.SearchUnexpectedEnd, "A name is missing") : Error(ProblemCatalog.SearchSyntax, $"Expected a name but found '{Current}'");
        }
        return _text[start.._pos];
    }

    private SearchNode ParseAttributeClauses(int open)
    {
        SearchNode? result = null;
        string? previous = null;
        var criteria = new List<(string Name, SearchOp Op, SearchValue Value, int Position, Dictionary<string, SearchValue> Qualifiers)>();
        while (true)
        {
            SkipSpace();
            ExpectNotEnd(open);
            var at = _pos;
            string name;
            if (char.IsLetter(Current))
            {
                name = ReadIdentifier().ToUpperInvariant();
            }
            else
            {
                name = previous ?? throw Error(ProblemCatalog.SearchSyntax, "An attribute name is missing after 'LF:'");
            }
            SkipSpace();
            ExpectNotEnd(open);
            var op = ReadOperator();
            SkipSpace();
            ExpectNotEnd(open);
            var value = ReadValue();
            if (Qualifier.TryGetValue(name, out var owners))
            {
                if (criteria.Count == 0 || !owners.Contains(criteria[^1].Name))
                {
                    var owner = string.Join(" or ", owners);
                    throw Error(ProblemCatalog.SearchInvalidParameter, $"'{name}' qualifies {owner} and must follow an {owner} criterion in the same brace", at);
                }
                if (op != SearchOp.Equal)
                {
                    throw Error(ProblemCatalog.SearchUnexpectedOperator, $"'{name}' takes '='", at);
                }
                criteria[^1].Qualifiers[name] = value;
            }
            else
            {
                CheckAttribute(name, at);
                criteria.Add((name, op, value, at, new Dictionary<string, SearchValue>(StringComparer.Ordinal)));
                previous = name;
            }
            SkipSpace();
            ExpectNotEnd(open);
            if (Current != ',')
            {
                break;
            }
            _pos++;
        }
        foreach (var c in criteria)
        {
            SearchNode node = new AttributeNode(c.Name, c.Op, c.Value, c.Qualifiers, c.Position);
            result = result is null ? node : new AndNode(result, node);
        }
        return result!;
    }

    private void CheckAttribute(string name, int at)
    {
        if (SupportedAttributes.Contains(name))
        {
            return;
        }
        if (DocumentedAttributes.Contains(name))
        {
            throw Error(ProblemCatalog.SearchInvalidParameter, $"The search attribute 'LF:{name}' is not supported by this emulator", at);
        }
        throw Error(ProblemCatalog.SearchInvalidParameter, $"'LF:{name}' is not a search attribute", at);
    }

    private SearchOp ReadOperator()
    {
        var at = _pos;
        string Two() => _pos + 1 < _text.Length ? _text.Substring(_pos, 2) : "";
        switch (Two())
        {
            case "~=": _pos += 2; return SearchOp.Indexed;
            case "<=": _pos += 2; return SearchOp.LessOrEqual;
            case ">=": _pos += 2; return SearchOp.GreaterOrEqual;
            case "<>": _pos += 2; return SearchOp.NotEqual;
        }
        switch (Current)
        {
            case '=': _pos++; return SearchOp.Equal;
            case '<': _pos++; return SearchOp.Less;
            case '>': _pos++; return SearchOp.Greater;
        }
        throw Error(ProblemCatalog.SearchUnexpectedOperator, $"Expected a comparison (=, ~=, <, <=, >, >=, <>) but found '{Current}'", at);
    }

    private SearchValue ReadValue()
    {
        var at = _pos;
        if (Current == '"')
        {
            return new SearchValue(ReadQuoted(), true, at);
        }
        while (!AtEnd && !char.IsWhiteSpace(Current) && Current is not (',' or '}' or '{' or '"'))
        {
            _pos++;
        }
        if (at == _pos)
        {
            throw Error(ProblemCatalog.SearchSyntax, "A value is missing");
        }
        return new SearchValue(_text[at.._pos], false, at);
    }

    private SearchNode ParseTemplateBrace(int open)
    {
        var at = _pos;
        var template = ReadName(open);
        SkipSpace();
        ExpectNotEnd(open);
        if (Current == '}')
        {
            return new TemplateNode(template, at);
        }
        if (Current != ':')
        {
            throw Error(ProblemCatalog.SearchSyntax, $"Expected ':' or '}}' after the template name but found '{Current}'");
        }
        _pos++;
        SearchNode? result = null;
        string? previousField = null;
        var previousKnown = false;
        while (true)
        {
            SkipSpace();
            ExpectNotEnd(open);
            var criterionAt = _pos;
            string? field;
            if (Current == '[' || char.IsLetter(Current))
            {
                field = ReadName(open);
                previousField = field;
                previousKnown = true;
            }
            else if (previousKnown)
            {
                field = previousField;
            }
            else
            {
                throw Error(ProblemCatalog.SearchSyntax, "A field name is missing");
            }
            SkipSpace();
            ExpectNotEnd(open);
            var which = ValuePosition.Any;
            var index = 0;
            if (Current == '(')
            {
                (which, index) = ReadValuePosition(open);
                SkipSpace();
                ExpectNotEnd(open);
            }
            var op = ReadOperator();
            SkipSpace();
            ExpectNotEnd(open);
            var value = ReadValue();
            SearchNode node = new FieldNode(template, field, which, index, op, value, criterionAt);
            result = result is null ? node : new AndNode(result, node);
            SkipSpace();
            ExpectNotEnd(open);
            if (Current != ',')
            {
                return result;
            }
            _pos++;
        }
    }

    private (ValuePosition, int) ReadValuePosition(int open)
    {
        var at = _pos++;
        var close = _text.IndexOf(')', _pos);
        if (close < 0)
        {
            throw Error(ProblemCatalog.SearchMissingParenthesis, "The value position's '(' is not closed", at);
        }
        var inside = _text[_pos..close].Trim();
        _pos = close + 1;
        if (inside.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return (ValuePosition.All, 0);
        }
        if (int.TryParse(inside, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1)
        {
            return (ValuePosition.One, n);
        }
        ExpectNotEnd(open);
        throw Error(ProblemCatalog.SearchSyntax, $"A value position is a number from 1 or 'all', not '{inside}'", at);
    }

    /// <summary><c>[Name with spaces]</c>, <c>[]</c> (null: any) or a bare name.</summary>
    private string? ReadName(int open)
    {
        if (Current == '[')
        {
            var close = _text.IndexOf(']', _pos);
            if (close < 0)
            {
                throw Error(ProblemCatalog.SearchSyntax, "The '[' of a template or field name is not closed with ']'");
            }
            var name = _text[(_pos + 1)..close].Trim();
            _pos = close + 1;
            return name.Length == 0 ? null : name;
        }
        var start = _pos;
        while (!AtEnd && (char.IsLetterOrDigit(Current) || Current is '_' or '.'))
        {
            _pos++;
        }
        if (start == _pos)
        {
            ExpectNotEnd(open);
            throw Error(ProblemCatalog.SearchSyntax, $"Expected 'LF:', a [template] or a [field] but found '{Current}'");
        }
        return _text[start.._pos];
    }
}
