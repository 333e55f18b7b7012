using System.Data.Common;
using System.Globalization;
using LfRepo.Server.Annotations;
using LfRepo.Server.Entries;
using LfRepo.Server.Metadata;
using LfRepo.Server.Problems;
using LfRepo.Server.Storage;

namespace LfRepo.Server.Search;

/// <summary>
/// Translates a parsed search into one SQL condition over <c>Entries e</c> (with EXISTS sub-queries on
/// EntryFields, EntryTags, TemplateFields), so a search is a single database query.
/// Text matching is case-insensitive: values are upper-cased (all of Unicode, <see cref="IStoreDialect.Upper"/>) and
/// compared with wildcard patterns (<see cref="IStoreDialect.MatchesWildcards"/>, GLOB on SQLite), whose <c>* ? [...]</c> are the search language's wildcards. Word searches (<c>~=</c>) on names and fields
/// go through <see cref="IStoreDialect.Words"/> (a <see cref="SearchWordMatcher"/>); document text goes through the FTS5 index, with
/// fuzzy words expanded to the similar indexed words.
/// A field in <c>hiddenFields</c> (one the searching user may not read) matches nothing: a term naming it finds no
/// entry, and the any-field and LF:Basic forms pass over its values.
/// </summary>
public sealed class SearchSql(
    MetadataCatalog catalog, EntryReader reader, SearchTextIndex textIndex, SearchFuzziness fuzziness, IStoreDialect dialect,
    IReadOnlySet<int>? hiddenFields = null, AnnotationAccess? annotationAccess = null, Func<string, IReadOnlyList<string>>? creatorIds = null)
{
    /// <summary>At most this many spellings of a fuzzy phrase or proximity search are looked for (closest first).</summary>
    public const int MaxAlternatives = 256;

    private readonly List<(string Name, object Value)> _parameters = [];
    private readonly List<SearchWordMatcher> _matchers = [];

    public IReadOnlyList<(string Name, object Value)> Parameters => _parameters;

    /// <summary>The condition for <paramref name="node"/>; the root folder never matches.</summary>
    public async Task<string> TranslateAsync(SearchNode node, CancellationToken cancellationToken) =>
        $"e.ParentId IS NOT NULL AND ({await ConditionAsync(node, cancellationToken)})";

    /// <summary>Adds the parameters to <paramref name="command"/> and the functions the condition calls to its connection.</summary>
    public void Bind(DbCommand command)
    {
        foreach (var (name, value) in _parameters)
        {
            command.AddWithValue(name, value);
        }
        var connection = command.Connection ?? throw new InvalidOperationException("Bind a command of an open connection.");
        var matchers = _matchers.ToArray();
        dialect.AddTextFunctions(connection, (text, matcher) => matchers[matcher].Matches(text));
    }

    /// <summary>" AND f.FieldId NOT IN (…)" leaving out the hidden fields' values, or "" when none is hidden.</summary>
    private string ReadableFields() => hiddenFields is { Count: > 0 }
        ? $" AND f.FieldId NOT IN ({string.Join(',', hiddenFields.Order())})"
        : "";

    private string Param(object value)
    {
        var name = "@s" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
        _parameters.Add((name, value));
        return name;
    }

    private async Task<string> ConditionAsync(SearchNode node, CancellationToken cancellationToken) => node switch
    {
        AndNode and => $"({await ConditionAsync(and.Left, cancellationToken)}) AND ({await ConditionAsync(and.Right, cancellationToken)})",
        OrNode or => $"({await ConditionAsync(or.Left, cancellationToken)}) OR ({await ConditionAsync(or.Right, cancellationToken)})",
        AndNotNode not => $"({await ConditionAsync(not.Left, cancellationToken)}) AND NOT ({await ConditionAsync(not.Right, cancellationToken)})",
        TextNode text => textIndex.EntryCondition(Param(dialect.FullTextQuery(await FullTextAsync(text.Text, text.Phrase, text.Position, cancellationToken)))),
        ProximityNode near => textIndex.EntryCondition(Param(dialect.FullTextQuery(await ProximityAsync(near, cancellationToken)))),
        AttributeNode attribute => await AttributeAsync(attribute, cancellationToken),
        TemplateNode template => Template(template),
        FieldNode field => Field(field),
        _ => throw new InvalidOperationException($"Unknown search node {node.GetType().Name}."),
    };

    /// <summary>One FTS5 term: a quoted word (a trailing <c>*</c> makes it a prefix) or a quoted phrase.</summary>
    private static string FullTextTerm(string text, bool phrase, int position)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || trimmed.All(c => c is '*' or '?' or ' '))
        {
            throw Error(ProblemCatalog.SearchOnlyWildcards, $"A full-text search cannot be made only of wildcards ('{text}')", position);
        }
        var prefix = !phrase && trimmed.EndsWith('*');
        var body = prefix ? trimmed.TrimEnd('*') : trimmed;
        if (body.IndexOfAny(['*', '?', '[']) >= 0)
        {
            throw Error(ProblemCatalog.SearchInvalidTerm, $"Full-text words take only a trailing '*' wildcard, not '{text}'", position);
        }
        return "\"" + body.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" + (prefix ? "*" : "");
    }

    /// <summary>A full-text word or phrase as an FTS5 query: with fuzzy matching, any of its similar spellings.</summary>
    private async Task<string> FullTextAsync(string text, bool phrase, int position, CancellationToken cancellationToken) =>
        Any(await PhrasesAsync(text, phrase, position, cancellationToken));

    /// <summary>
    /// The FTS5 phrases that stand for a word or phrase: itself, and with fuzzy matching every spelling whose words are
    /// within the allowed edits of the searched ones (at most <see cref="MaxAlternatives"/>, closest first).
    /// Prefix words (<c>word*</c>) are not made fuzzy.
    /// </summary>
    private async Task<List<string>> PhrasesAsync(string text, bool phrase, int position, CancellationToken cancellationToken)
    {
        var exact = FullTextTerm(text, phrase, position);
        if (!fuzziness.IsFuzzy || exact.EndsWith('*'))
        {
            return [exact];
        }
        var words = SearchWords.Tokens(text).Select(t => SearchWords.Fold(text.Substring(t.Start, t.Length))).ToList();
        if (words.Count == 0)
        {
            return [exact];
        }
        List<List<string>> spellings = [[]];
        foreach (var word in words)
        {
            var similar = await textIndex.SimilarWordsAsync(word, fuzziness, cancellationToken);
            spellings = Product(spellings, similar.Select(w => new List<string> { w }).ToList());
        }
        return spellings.Select(s => Quote(string.Join(" ", s))).ToList();
    }

    private static string Quote(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Any(IReadOnlyList<string> alternatives) =>
        alternatives.Count == 1 ? alternatives[0] : "(" + string.Join(" OR ", alternatives) + ")";

    /// <summary>Every combination of one alternative of <paramref name="left"/> followed by one of <paramref name="right"/>.</summary>
    private static List<List<string>> Product(List<List<string>> left, List<List<string>> right)
    {
        var combined = new List<List<string>>();
        foreach (var l in left)
        {
            foreach (var r in right)
            {
                if (combined.Count == MaxAlternatives)
                {
                    return combined;
                }
                combined.Add([.. l, .. r]);
            }
        }
        return combined;
    }

    private static string Near(List<string> phrases, int distance) =>
        phrases.Count == 1 ? phrases[0] : $"NEAR({string.Join(" ", phrases)}, {distance.ToString(CultureInfo.InvariantCulture)})";

    /// <summary>
    /// <c>a ^N b</c>: a page where the two sides are within N words (FTS5 NEAR, one per combination of the sides'
    /// alternatives). <c>a -^N b</c>: a page with <c>a</c> where no <c>a</c> is within N words of <c>b</c>.
    /// </summary>
    private async Task<string> ProximityAsync(ProximityNode node, CancellationToken cancellationToken)
    {
        if (!node.Negated)
        {
            var all = await NearSidesAsync(node, node.Distance, cancellationToken);
            return Any(all.Select(a => Near(a, node.Distance)).ToList());
        }
        var left = await NearSidesAsync(node.Left, node.Distance, cancellationToken);
        var right = await NearSidesAsync(node.Right, node.Distance, cancellationToken);
        var present = Any(left.Select(a => Near(a, node.Distance)).ToList());
        var near = Any(Product(left, right).Select(a => Near(a, node.Distance)).ToList());
        return $"{present} NOT {near}";
    }

    /// <summary>The alternatives of one side of a proximity search, each a list of phrases that must be near each other.</summary>
    private async Task<List<List<string>>> NearSidesAsync(SearchNode node, int distance, CancellationToken cancellationToken)
    {
        switch (node)
        {
            case TextNode text:
                return (await PhrasesAsync(text.Text, text.Phrase, text.Position, cancellationToken)).Select(p => new List<string> { p }).ToList();
            case OrNode or:
                return [.. (await NearSidesAsync(or.Left, distance, cancellationToken))
                    .Concat(await NearSidesAsync(or.Right, distance, cancellationToken)).Take(MaxAlternatives)];
            case AndNode and:
                return Product(await NearSidesAsync(and.Left, distance, cancellationToken), await NearSidesAsync(and.Right, distance, cancellationToken));
            case ProximityNode { Negated: false } near when near.Distance == distance:
                return Product(await NearSidesAsync(near.Left, distance, cancellationToken), await NearSidesAsync(near.Right, distance, cancellationToken));
            case ProximityNode near:
                throw new ApiProblemException(ProblemCatalog.NotImplemented,
                    $"A proximity search inside another one with a different distance or with NOT WITHIN (at character {near.Position + 1}) is not implemented by LfRepo; " +
                    "use one distance for the whole chain, or join the parts with '&'.");
            default:
                throw Error(ProblemCatalog.SearchInvalidTerm,
                    "Proximity (^N, -^N) relates words and phrases of document text; a brace term or '-' cannot be one of its sides", node.Position);
        }
    }

    private static ApiProblemException Error(ProblemKind kind, string what, int position) => new(kind, $"{what} (at character {position + 1}).");

    private async Task<string> AttributeAsync(AttributeNode node, CancellationToken cancellationToken)
    {
        switch (node.Attribute)
        {
            case "BASIC":
                return await BasicAsync(node, cancellationToken);
            case "NAME":
                return $"({TextCondition("e.NameKey", fold: false, node.Op, node.Value, node.Attribute, indexed: true)}){EntryTypes(node)}";
            case "PARENTNAME":
                return $"EXISTS (SELECT 1 FROM Entries p WHERE p.Id = e.ParentId AND {TextCondition("p.NameKey", fold: false, node.Op, node.Value, node.Attribute, indexed: true)})";
            case "CREATOR":
                return TextCondition("e.Creator", fold: true, node.Op, node.Value, node.Attribute, indexed: false);
            case "EXT":
                return TextCondition("e.Extension", fold: true, node.Op, node.Value, node.Attribute, indexed: false);
            case "TEMPLATENAME":
                return TextCondition("e.TemplateName", fold: true, node.Op, node.Value, node.Attribute, indexed: false);
            case "ID":
                return Compare("e.Id", node.Op, Param(Integer(node)), node);
            case "PAGECOUNT":
                return $"e.EntryType = {(int)EntryType.Document} AND " + Compare("e.PageCount", node.Op, Param(Integer(node)), node);
            case "EDOCSIZE":
                return $"e.IsElectronicDocument = 1 AND " + Compare("e.ElectronicDocumentSize", node.Op, Param(Integer(node)), node);
            case "CREATED":
                return DateRange("e.CreationTicks", node.Op, SearchDates.Parse(node.Value, requireFourDigitYear: false) ?? throw BadDate(node), r => r.Ticks, node);
            case "MODIFIED":
                return DateRange("e.LastModifiedTicks", node.Op, SearchDates.Parse(node.Value, requireFourDigitYear: false) ?? throw BadDate(node), r => r.Ticks, node);
            case "TAGS":
                return Tags(node);
            case "LOOKIN":
                return await LookinAsync(node, cancellationToken);
            case "ANNTEXT":
                return AnnotationText(node, AnnTextTypes(node));
            case "STICKY":
                return AnnotationText(node, ["Note"]);
            case "TEXTBOX":
                return AnnotationText(node, ["TextBox"]);
            case "CALLOUT":
                return AnnotationText(node, ["Callout"]);
            case "ANNCOMMENT":
                return Annotated($"a.Comment IS NOT NULL AND {AnnotationWords("a.Comment", node)}{SeeThrough()}");
            case "ANNCOLOR":
                return Annotated($"a.Color IS NOT NULL AND {Compare(dialect.Upper("a.Color"), NotIndexed(node), Param(Color(node)), node)}");
            case "ANNCREATOR":
                return Annotated(Creator(node));
            case "ANNTYPE":
                return Annotated($"a.AnnotationType {(NotIndexed(node) == SearchOp.NotEqual ? "<>" : "=")} {Param(AnnotationType(node))}");
            case "ANNPAGE":
                return Annotated($"EXISTS (SELECT 1 FROM Pages ap WHERE ap.Id = a.PageId AND {Compare("ap.PageNumber", node.Op, Param(Integer(node)), node)})");
            case "ANNSTAMPNAME":
                return Annotated($"a.AnnotationType = 'Stamp' AND a.StampId IN (SELECT s.Id FROM {Stamps.StampRecordConfiguration.Table} s WHERE " +
                    $"{TextCondition("s.Name", fold: true, NotIndexed(node), node.Value, "LF:AnnStampName", indexed: false)})");
            default:
                throw Error(ProblemCatalog.SearchInvalidParameter, $"The search attribute 'LF:{node.Attribute}' is not supported by LfRepo", node.Position);
        }
    }

    /// <summary>Entries with an annotation, among those the user may see, that meets <paramref name="condition"/> (over <c>a</c>).</summary>
    private string Annotated(string condition)
    {
        var hidden = annotationAccess is { Hidden.Count: > 0 } access
            ? $" AND a.EntryId NOT IN ({dialect.IntegersOfJson(Param(System.Text.Json.JsonSerializer.Serialize(access.Hidden)))})"
            : "";
        return $"EXISTS (SELECT 1 FROM {SearchAnnotations.Table} a WHERE a.EntryId = e.Id{hidden} AND {condition})";
    }

    /// <summary>" AND …" leaving out redactions on entries where the user cannot see through them (their comments are hidden from them).</summary>
    private string SeeThrough() => annotationAccess is { Opaque.Count: > 0 } access
        ? $" AND (a.AnnotationType <> 'Redaction' OR a.EntryId NOT IN ({dialect.IntegersOfJson(Param(System.Text.Json.JsonSerializer.Serialize(access.Opaque)))}))"
        : "";

    /// <summary>The text of notes, text boxes or callouts: "=" finds the value anywhere in it (an implicit * at both ends), "~=" its words.</summary>
    private string AnnotationText(AttributeNode node, IReadOnlyList<string> types) =>
        Annotated($"a.AnnotationType IN ({string.Join(", ", types.Select(t => $"'{t}'"))}) AND a.Text IS NOT NULL AND {AnnotationWords("a.Text", node)}");

    private string AnnotationWords(string column, AttributeNode node)
    {
        if (node.Op is not (SearchOp.Equal or SearchOp.NotEqual or SearchOp.Indexed))
        {
            throw Error(ProblemCatalog.SearchOperatorNotSupported, $"LF:{node.Attribute} takes '=', '<>' or '~='", node.Position);
        }
        var value = node.Op == SearchOp.Indexed ? node.Value : node.Value with { Text = $"*{node.Value.Text.Trim('*')}*" };
        return TextCondition(column, fold: true, node.Op, value, $"LF:{node.Attribute}", indexed: true);
    }

    private static IReadOnlyList<string> AnnTextTypes(AttributeNode node)
    {
        if (!node.Qualifiers.TryGetValue("TYPE", out var type))
        {
            return [.. SearchAnnotations.TextTypes.Values];
        }
        return [.. type.Text.ToUpperInvariant().Distinct().Select(letter => SearchAnnotations.TextTypes.TryGetValue(letter, out var name) ? name
            : throw Error(ProblemCatalog.SearchInvalidParameter, $"LF:AnnText's Type letters are S (sticky notes), T (text boxes) and C (callouts), not '{letter}'", type.Position))];
    }

    private static SearchOp NotIndexed(AttributeNode node) => node.Op is SearchOp.Equal or SearchOp.NotEqual
        ? node.Op
        : throw Error(ProblemCatalog.SearchOperatorNotSupported, $"LF:{node.Attribute} takes '=' or '<>'", node.Position);

    /// <summary>An RGB colour as annotations store it: "#RRGGBB", upper case; the '#' may be left out.</summary>
    private static string Color(AttributeNode node)
    {
        var text = node.Value.Text.Trim().TrimStart('#').ToUpperInvariant();
        return text.Length == 6 && text.All(char.IsAsciiHexDigit)
            ? "#" + text
            : throw Error(ProblemCatalog.SearchInvalidTerm, $"LF:AnnColor takes an RGB colour such as \"#FF0000\", not '{node.Value.Text}'", node.Value.Position);
    }

    private static string AnnotationType(AttributeNode node) =>
        AnnotationTypes.Members.Keys.FirstOrDefault(t => string.Equals(t, node.Value.Text.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw Error(ProblemCatalog.SearchInvalidTerm, $"LF:AnnType takes an annotation type ({AnnotationTypes.TypeNames}), not '{node.Value.Text}'", node.Value.Position);

    /// <summary>Annotations record their creator's id; the value is a user name (wildcards allowed), matched against both.</summary>
    private string Creator(AttributeNode node)
    {
        var op = NotIndexed(node);
        var byName = TextCondition("a.Creator", fold: true, SearchOp.Equal, node.Value, "LF:AnnCreator", indexed: false);
        var ids = creatorIds?.Invoke(node.Value.Text) ?? [];
        var condition = ids.Count == 0 ? byName : $"({byName} OR a.Creator IN ({string.Join(", ", ids.Select(id => Param(id)))}))";
        return op == SearchOp.NotEqual ? $"a.Creator IS NOT NULL AND NOT {condition}" : condition;
    }

    private static ApiProblemException BadDate(AttributeNode node) => Error(ProblemCatalog.SearchInvalidDate,
        $"'{node.Value.Text}' is not a date; LF:{node.Attribute} takes M/d/yyyy, M/d/yy, M/yyyy, M/yy or yyyy-MM-dd, optionally with a time", node.Value.Position);

    private static long Integer(AttributeNode node) =>
        long.TryParse(node.Value.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(ProblemCatalog.SearchInvalidTerm, $"LF:{node.Attribute} takes a whole number, not '{node.Value.Text}'", node.Value.Position);

    private static string Compare(string column, SearchOp op, string parameter, SearchNode node) => op switch
    {
        SearchOp.Equal => $"{column} = {parameter}",
        SearchOp.NotEqual => $"{column} <> {parameter}",
        SearchOp.Less => $"{column} < {parameter}",
        SearchOp.LessOrEqual => $"{column} <= {parameter}",
        SearchOp.Greater => $"{column} > {parameter}",
        SearchOp.GreaterOrEqual => $"{column} >= {parameter}",
        _ => throw Error(ProblemCatalog.SearchOperatorNotSupported, "'~=' applies to text, not to numbers or dates", node.Position),
    };

    /// <summary>A date or date-time stands for a span ([start, end)): "=" means within it, "&lt;" before it, "&gt;" after it.</summary>
    private string DateRange(string column, SearchOp op, SearchDates.Span span, Func<DateTime, object> convert, SearchNode node)
    {
        var start = Param(convert(span.Start));
        var end = Param(convert(span.End));
        return op switch
        {
            SearchOp.Equal => $"({column} >= {start} AND {column} < {end})",
            SearchOp.NotEqual => $"NOT ({column} >= {start} AND {column} < {end})",
            SearchOp.Less => $"{column} < {start}",
            SearchOp.LessOrEqual => $"{column} < {end}",
            SearchOp.Greater => $"{column} >= {end}",
            SearchOp.GreaterOrEqual => $"{column} >= {start}",
            _ => throw Error(ProblemCatalog.SearchOperatorNotSupported, "'~=' applies to text, not to dates", node.Position),
        };
    }

    /// <summary>
    /// "=" compares the whole (upper-cased) value, with wildcards when it has any; "~=" (when allowed) finds every word
    /// of the value as a word of the column; "&lt;"/"&gt;" compare text.
    /// </summary>
    private string TextCondition(string stored, bool fold, SearchOp op, SearchValue value, string what, bool indexed)
    {
        var column = fold ? dialect.Upper(stored) : stored;
        var text = value.Text.ToUpperInvariant();
        switch (op)
        {
            case SearchOp.Equal:
                return Equal(column, text, value);
            case SearchOp.NotEqual:
                return $"{column} <> '' AND NOT ({Equal(column, text, value)})";
            case SearchOp.Indexed when indexed:
                // Words fold letter case themselves, so they read the stored text rather than its upper-cased form.
                return Words(stored, text, value, leading: false, trailing: false);
            case SearchOp.Indexed:
                throw Error(ProblemCatalog.SearchOperatorNotSupported, $"'~=' does not apply to {what}; use '='", value.Position);
            default:
                return Compare(column, op, Param(text), new TextNode(text, false, value.Position));
        }
    }

    private string Equal(string column, string upper, SearchValue value) =>
        SearchWords.HasWildcards(upper) ? dialect.MatchesWildcards(column, Param(dialect.WildcardPattern(CheckedPattern(upper, value)))) : $"{column} = {Param(upper)}";

    /// <summary>Checks the <c>[...]</c> sets of a wildcard pattern.</summary>
    private static string CheckedPattern(string pattern, SearchValue value)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] != '[')
            {
                continue;
            }
            var close = pattern.IndexOf(']', i + 1);
            if (close < 0 || close == i + 1)
            {
                throw Error(ProblemCatalog.SearchIncompleteRange, $"The character set '[' in '{value.Text}' is not closed or is empty", value.Position);
            }
            var set = pattern[(i + 1)..close];
            if (set.EndsWith('-') || set.StartsWith('-') || set.Count(c => c == '^') > 1)
            {
                throw Error(ProblemCatalog.SearchIncompleteRange, $"The character set '[{set}]' in '{value.Text}' is incomplete", value.Position);
            }
            i = close;
        }
        return pattern;
    }

    /// <summary>
    /// Every word of <paramref name="text"/> found as a word of the column (any order, letter case and accents ignored;
    /// fuzzy when the search is). A value in single quotes is one phrase. <paramref name="leading"/>/<paramref name="trailing"/>
    /// let words match at the end or start of longer words (Basic's L and T).
    /// </summary>
    private string Words(string column, string text, SearchValue value, bool leading, bool trailing)
    {
        var trimmed = text.Trim();
        IEnumerable<string> words = trimmed.Length > 1 && trimmed.StartsWith('\'') && trimmed.EndsWith('\'')
            ? [trimmed[1..^1]]
            : trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var requirements = new List<IReadOnlyList<string>>();
        foreach (var word in words)
        {
            CheckedPattern(word, value);
            if (SearchWords.PatternTokens(word) is { Count: > 0 } tokens)
            {
                requirements.Add(tokens);
            }
        }
        if (requirements.Count == 0)
        {
            return "1 = 0";
        }
        var wordMatcher = new SearchWordMatcher(requirements, leading, trailing, fuzziness);
        _matchers.Add(wordMatcher);
        var matcher = dialect.Words(column, _matchers.Count - 1, wordMatcher.Tests, Param);
        if (fuzziness.IsFuzzy)
        {
            return matcher;
        }
        // A cheap pre-test in SQL spares most rows the call into lf_words: an exact plain ASCII word must appear in the
        // upper-cased text, unless the text has other characters (more bytes than characters): then folding may matter.
        var upper = column.EndsWith("NameKey", StringComparison.Ordinal) ? column : $"upper({column})";
        var substrings = requirements.SelectMany(r => r)
            .Where(token => token.All(char.IsAsciiLetterOrDigit))
            .Select(token => $"{dialect.Position(upper, Param(token.ToUpperInvariant()))} > 0")
            .ToList();
        return substrings.Count == 0 ? matcher : $"(({string.Join(" AND ", substrings)}) OR length({upper}) <> octet_length({upper})) AND {matcher}";
    }

    private static string EntryTypes(AttributeNode node)
    {
        if (!node.Qualifiers.TryGetValue("TYPE", out var type))
        {
            return "";
        }
        var alternatives = new List<string>();
        foreach (var letter in type.Text.ToUpperInvariant())
        {
            alternatives.Add(letter switch
            {
                'D' => $"e.EntryType = {(int)EntryType.Document}",
                'B' => $"(e.EntryType = {(int)EntryType.Document} AND e.TemplateId = 0)",
                'F' => $"e.EntryType IN ({(int)EntryType.Folder}, {(int)EntryType.RecordSeries})",
                'S' => $"e.EntryType = {(int)EntryType.Shortcut}",
                _ => throw Error(ProblemCatalog.SearchInvalidParameter, $"Type letters are D, B, F and S, not '{letter}'", type.Position),
            });
        }
        return alternatives.Count == 0 ? "" : " AND (" + string.Join(" OR ", alternatives) + ")";
    }

    /// <summary>Basic: name (N), field values (F), document text (D) and annotations' text and comments (A).</summary>
    private async Task<string> BasicAsync(AttributeNode node, CancellationToken cancellationToken)
    {
        if (node.Op is not (SearchOp.Indexed or SearchOp.Equal))
        {
            throw Error(ProblemCatalog.SearchOperatorNotSupported, "LF:Basic takes '~='", node.Position);
        }
        var options = node.Qualifiers.TryGetValue("OPTION", out var option) ? option.Text.ToUpperInvariant() : "DFAN";
        foreach (var letter in options.Where(c => "DFANLT".IndexOf(c) < 0))
        {
            throw Error(ProblemCatalog.SearchInvalidParameter, $"LF:Basic options are the letters D, F, A, N, L and T, not '{letter}'", option!.Position);
        }
        var searchesName = options.Contains('N');
        var searchesFields = options.Contains('F');
        var searchesText = options.Contains('D');
        var leading = options.Contains('L');
        var trailing = options.Contains('T');
        var text = node.Value.Text.ToUpperInvariant();
        var onlyWildcards = text.Trim().Length > 0 && text.Trim().All(c => c is '*' or '?' or ' ');
        var parts = new List<string>();
        if (searchesName)
        {
            parts.Add(onlyWildcards ? "e.Name <> ''" : Words("e.NameKey", text, node.Value, leading, trailing));
        }
        if (searchesFields)
        {
            var fieldCondition = onlyWildcards ? "f.Value <> ''" : Words("f.Value", text, node.Value, leading, trailing);
            parts.Add($"EXISTS (SELECT 1 FROM EntryFields f WHERE f.EntryId = e.Id{ReadableFields()} AND {fieldCondition})");
        }
        if (options.Contains('A') && !onlyWildcards)
        {
            parts.Add(Annotated($"((a.Text IS NOT NULL AND {Words("a.Text", text, node.Value, leading, trailing)}) OR " +
                $"(a.Comment IS NOT NULL AND {Words("a.Comment", text, node.Value, leading, trailing)}{SeeThrough()}))"));
        }
        // Words with inner wildcards cannot go to the full-text index; names and fields still take them.
        var textWordsValid = node.Value.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .All(w => w.TrimEnd('*').IndexOfAny(['*', '?', '[']) < 0);
        if (searchesText && !onlyWildcards && (textWordsValid || parts.Count == 0))
        {
            var trimmed = node.Value.Text.Trim();
            var terms = new List<string>();
            if (trimmed.Length > 1 && trimmed.StartsWith('\'') && trimmed.EndsWith('\''))
            {
                terms.Add(await FullTextAsync(trimmed[1..^1], true, node.Value.Position, cancellationToken));
            }
            else
            {
                foreach (var word in trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                {
                    terms.Add(await FullTextAsync(trailing && !word.EndsWith('*') ? word + "*" : word, false, node.Value.Position, cancellationToken));
                }
            }
            parts.Add(textIndex.EntryCondition(Param(dialect.FullTextQuery(string.Join(" AND ", terms)))));
        }
        if (parts.Count == 0)
        {
            throw Error(onlyWildcards ? ProblemCatalog.SearchOnlyWildcards : ProblemCatalog.SearchInvalidParameter,
                onlyWildcards ? "A search of document text (D) or annotations (A) alone cannot be made only of wildcards" : "LF:Basic's option selects no searchable part (D, F, A, N)",
                node.Position);
        }
        if (text.Trim().Length == 0)
        {
            throw Error(ProblemCatalog.SearchInvalidTerm, "LF:Basic needs a search text", node.Value.Position);
        }
        return string.Join(" OR ", parts.Select(p => "(" + p + ")"));
    }

    private string Tags(AttributeNode node)
    {
        var text = node.Value.Text.ToUpperInvariant();
        var exists = $"EXISTS (SELECT 1 FROM EntryTags t JOIN TagDefinitions d ON d.Id = t.TagId WHERE t.EntryId = e.Id AND {Equal("d.NameKey", text, node.Value)})";
        return node.Op switch
        {
            SearchOp.Equal => exists,
            SearchOp.NotEqual => "NOT " + exists,
            _ => throw Error(ProblemCatalog.SearchOperatorNotSupported, "LF:Tags takes '=' or '<>'", node.Position),
        };
    }

    private async Task<string> LookinAsync(AttributeNode node, CancellationToken cancellationToken)
    {
        if (node.Op != SearchOp.Equal)
        {
            throw Error(ProblemCatalog.SearchOperatorNotSupported, "LF:Lookin takes '='", node.Position);
        }
        var target = node.Value.Text.Trim();
        EntryRecord? folder;
        if (int.TryParse(target, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            folder = await reader.FindAsync(id, cancellationToken);
        }
        else
        {
            var path = target.Replace('/', '\\');
            folder = (await reader.FindByPathAsync(path.StartsWith('\\') ? path : "\\" + path, cancellationToken)).Entry;
        }
        if (folder is null || !folder.IsContainer)
        {
            throw Error(ProblemCatalog.SearchInvalidFolder, $"LF:Lookin names '{node.Value.Text}', which is not a folder of the repository", node.Value.Position);
        }
        var subfolders = true;
        if (node.Qualifiers.TryGetValue("SUBFOLDERS", out var flag))
        {
            subfolders = flag.Text.ToUpperInvariant() switch
            {
                "Y" or "YES" or "TRUE" => true,
                "N" or "NO" or "FALSE" => false,
                _ => throw Error(ProblemCatalog.SearchInvalidParameter, $"Subfolders is Y or N, not '{flag.Text}'", flag.Position),
            };
        }
        if (!subfolders)
        {
            return $"e.ParentId = {Param(folder.Id)}";
        }
        if (folder.ParentId is null)
        {
            return "1 = 1";
        }
        var prefix = folder.FullPath + "\\";
        return $"substr(e.FullPath, 1, {prefix.Length.ToString(CultureInfo.InvariantCulture)}) = {Param(prefix)}";
    }

    private string Template(TemplateNode node)
    {
        if (node.Template is null)
        {
            return "e.TemplateId <> 0";
        }
        var template = catalog.FindTemplate(node.Template)
            ?? throw Error(ProblemCatalog.SearchUnknownTemplate, $"There is no template named '{node.Template}'", node.Position);
        return $"e.TemplateId = {Param(template.Id)}";
    }

    private string Field(FieldNode node)
    {
        TemplateDefinition? template = null;
        if (node.Template is not null)
        {
            template = catalog.FindTemplate(node.Template)
                ?? throw Error(ProblemCatalog.SearchUnknownTemplate, $"There is no template named '{node.Template}'", node.Position);
        }
        var scope = template is null ? "" : $"e.TemplateId = {Param(template.Id)} AND ";
        if (node.Field is null)
        {
            if (node.Value.Text.Length == 0 || node.Op is SearchOp.Less or SearchOp.LessOrEqual or SearchOp.Greater or SearchOp.GreaterOrEqual)
            {
                throw Error(ProblemCatalog.SearchOperatorNotSupported, "Any field ([]) takes '=', '~=' or '<>' with a value", node.Position);
            }
            var anyTemplateField = template is null ? "" : $" AND f.FieldId IN (SELECT FieldId FROM TemplateFields WHERE TemplateId = {Param(template.Id)})";
            var condition = TextCondition("f.Value", fold: true, node.Op, node.Value, "fields", indexed: true);
            return $"{scope}EXISTS (SELECT 1 FROM EntryFields f WHERE f.EntryId = e.Id{anyTemplateField}{ReadableFields()} AND {condition})";
        }

        var field = catalog.FindField(node.Field)
            ?? throw Error(ProblemCatalog.SearchUnknownField, $"There is no field named '{node.Field}'", node.Position);
        if (template is not null && template.Find(field.Id) is null)
        {
            throw Error(ProblemCatalog.SearchUnknownField, $"Template '{template.Name}' has no field '{field.Name}'", node.Position);
        }
        if (hiddenFields?.Contains(field.Id) == true)
        {
            // The value is validated as for anyone, then the term matches nothing: the user may not read the field.
            if (node.Value.Text.Length > 0)
            {
                FieldValue(field, node);
            }
            return "1 = 0";
        }
        var fieldId = Param(field.Id);
        var rows = $"FROM EntryFields f WHERE f.EntryId = e.Id AND f.FieldId = {fieldId}";

        if (node.Value.Text.Length == 0)
        {
            // "" finds entries that have the field (through their template or a value) and leave it blank.
            var hasField = $"(e.TemplateId IN (SELECT TemplateId FROM TemplateFields WHERE FieldId = {fieldId}))";
            var position = node.Which == ValuePosition.One ? $" AND f.Position = {Param(node.Index - 1)}" : "";
            return node.Op switch
            {
                SearchOp.Equal => $"{scope}{hasField} AND NOT EXISTS (SELECT 1 {rows}{position} AND f.Value <> '')",
                SearchOp.NotEqual => $"{scope}EXISTS (SELECT 1 {rows}{position} AND f.Value <> '')",
                _ => throw Error(ProblemCatalog.SearchOperatorNotSupported, "A blank value (\"\") takes '=' or '<>'", node.Position),
            };
        }

        var valueCondition = FieldValue(field, node);
        return node.Which switch
        {
            ValuePosition.One => $"{scope}EXISTS (SELECT 1 {rows} AND f.Position = {Param(node.Index - 1)} AND {valueCondition})",
            ValuePosition.All => $"{scope}EXISTS (SELECT 1 {rows}) AND NOT EXISTS (SELECT 1 {rows} AND NOT ({valueCondition}))",
            _ => $"{scope}EXISTS (SELECT 1 {rows} AND {valueCondition})",
        };
    }

    /// <summary>The test of one stored value (<c>f.Value</c>, canonical form: see FieldValues) against the criterion.</summary>
    private string FieldValue(FieldDefinition field, FieldNode node)
    {
        var value = node.Value;
        ApiProblemException Invalid(string expected) =>
            Error(ProblemCatalog.SearchInvalidFieldValue, $"'{value.Text}' is not a {expected} for field '{field.Name}'", value.Position);
        switch (field.FieldType)
        {
            case FieldType.String or FieldType.List:
                return TextCondition("f.Value", fold: true, node.Op, value, $"field '{field.Name}'", indexed: true);
            case FieldType.Number or FieldType.ShortInteger or FieldType.LongInteger:
                if (!decimal.TryParse(value.Text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
                {
                    throw Invalid("number");
                }
                return Compare("CAST(f.Value AS REAL)", node.Op, Param((double)number), node);
            case FieldType.Date:
            {
                var span = SearchDates.Parse(value, requireFourDigitYear: true) ?? throw Invalid("date (M/d/yyyy or yyyy-MM-dd)");
                return DateRange("f.Value", node.Op, span, d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), node);
            }
            case FieldType.DateTime:
            {
                var span = SearchDates.Parse(value, requireFourDigitYear: true) ?? throw Invalid("date and time (M/d/yyyy hh:mm:ss tt or yyyy-MM-dd HH:mm:ss)");
                return DateRange("f.Value", node.Op, span, d => d.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture), node);
            }
            case FieldType.Time:
            {
                if (!DateTime.TryParseExact(value.Text.Trim(), SearchDates.TimeForms, CultureInfo.InvariantCulture, DateTimeStyles.NoCurrentDateDefault, out var time))
                {
                    throw Invalid("time (HH:mm:ss or hh:mm:ss tt)");
                }
                return Compare("f.Value", node.Op, Param(time.ToString("HH:mm:ss", CultureInfo.InvariantCulture)), node);
            }
            default:
                throw Error(ProblemCatalog.SearchOperatorNotSupported, $"Field '{field.Name}' holds binary data, which cannot be searched", node.Position);
        }
    }
}

/// <summary>The date forms of the search language, as spans of time.</summary>
public static class SearchDates
{
    public sealed record Span(DateTime Start, DateTime End);

    public static readonly string[] TimeForms = ["H:mm:ss", "H:mm", "h:mm:ss tt", "h:mm tt"];

    private static readonly string[] DayForms = ["M/d/yyyy", "yyyy-MM-dd", "M-d-yyyy"];
    private static readonly string[] ShortYearDayForms = ["M/d/yy", "M-d-yy"];
    private static readonly string[] MonthForms = ["M/yyyy"];
    private static readonly string[] ShortYearMonthForms = ["M/yy"];

    /// <summary>The span a date value stands for (a second, a day or a month), or null when it is not a date.</summary>
    public static Span? Parse(SearchValue value, bool requireFourDigitYear)
    {
        var text = value.Text.Trim();
        var culture = CultureInfo.InvariantCulture;
        const DateTimeStyles styles = DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal;
        var space = text.IndexOf(' ');
        var datePart = space < 0 ? text : text[..space];
        var timePart = space < 0 ? null : text[(space + 1)..].Trim();
        if (timePart is null && text.Contains('T'))
        {
            var t = text.IndexOf('T');
            (datePart, timePart) = (text[..t], text[(t + 1)..]);
        }
        var dayForms = requireFourDigitYear ? DayForms : [.. DayForms, .. ShortYearDayForms];
        if (DateTime.TryParseExact(datePart, dayForms, culture, styles, out var day))
        {
            if (timePart is null)
            {
                return new Span(day, day.AddDays(1));
            }
            if (DateTime.TryParseExact(timePart, TimeForms, culture, DateTimeStyles.NoCurrentDateDefault, out var time))
            {
                var start = day.Add(time.TimeOfDay);
                return new Span(start, start.AddSeconds(1));
            }
            return null;
        }
        var monthForms = requireFourDigitYear ? MonthForms : [.. MonthForms, .. ShortYearMonthForms];
        if (timePart is null && DateTime.TryParseExact(datePart, monthForms, culture, styles, out var month))
        {
            return new Span(month, month.AddMonths(1));
        }
        return null;
    }
}
