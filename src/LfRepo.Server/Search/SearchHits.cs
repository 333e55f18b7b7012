using LfRepo.Server.Entries;
using System.Text.Json;
using System.Text.RegularExpressions;
using LfRepo.Server.Metadata;
using LfRepo.Server.OData;
using Microsoft.OData.Edm;

namespace LfRepo.Server.Search;

/// <summary>One context hit: where a search term matched an entry, with up to two highlights in the context line.</summary>
public sealed record ContextHit(
    int HitNumber, string HitType, string Context, int Highlight1Offset, int Highlight1Length, int Highlight2Offset, int Highlight2Length, string? FieldName,
    int PageNumber = 0, int PageOffset = 0, int AnnotationId = 0);

/// <summary>An annotation of a result entry that a context hit can be in: its text (notes, text boxes, callouts) and comment.</summary>
public sealed record AnnotationText(int Id, string Type, int PageNumber, string? Text, string? Comment);

/// <summary>
/// Finds the context hits of a result entry from the command's terms: entry-name hits (Basic with N, LF:Name) and field
/// hits (Basic with F, field terms) and page-text hits (bare words, Basic with D), one per line holding a word.
/// </summary>
public static partial class SearchHits
{
    public static readonly ListingShape ListSearchContextHits = BuildShape();

    private static readonly HashSet<string> SortableProperties = new(StringComparer.Ordinal) { "hitNumber", "hitType", "context", "fieldName" };

    /// <summary>Whether the command searches document text, so the caller loads page texts.</summary>
    public static bool SearchesText(SearchNode node) => TextWords(node).Count > 0;

    public static List<ContextHit> Find(
        SearchNode node, EntryRecord entry, IReadOnlyList<(FieldDefinition Field, string Value)> fields, IReadOnlyList<(int PageNumber, string Text)> pages,
        MetadataCatalog catalog, SearchFuzziness fuzziness, IReadOnlyList<AnnotationText>? annotations = null)
    {
        var nameWords = new List<string>();
        var fieldWords = new List<(int? FieldId, List<string> Words, bool WholeValue)>();
        Collect(node, nameWords, fieldWords, catalog);
        var textWords = TextWords(node);

        var hits = new List<ContextHit>();
        foreach (var (pageNumber, text) in pages)
        {
            var lineStart = 0;
            foreach (var line in text.Split('\n'))
            {
                if (Highlights(line, textWords, fuzziness) is { } h)
                {
                    hits.Add(new ContextHit(hits.Count + 1, "PageContent", line.TrimEnd('\r'), h.O1, h.L1, h.O2, h.L2, null, pageNumber, lineStart));
                }
                lineStart += line.Length + 1;
            }
        }
        if (nameWords.Count > 0 && Highlights(entry.Name, nameWords, fuzziness) is { } nameHit)
        {
            hits.Add(new ContextHit(hits.Count + 1, "Name", entry.Name, nameHit.O1, nameHit.L1, nameHit.O2, nameHit.L2, null));
        }
        foreach (var (field, value) in fields)
        {
            foreach (var (fieldId, words, whole) in fieldWords)
            {
                if (fieldId is { } id && id != field.Id)
                {
                    continue;
                }
                var highlight = whole ? (0, value.Length, 0, 0) : Highlights(value, words, fuzziness);
                if (highlight is { } h)
                {
                    hits.Add(new ContextHit(hits.Count + 1, "Field", value, h.O1, h.L1, h.O2, h.L2, field.Name));
                    break;
                }
            }
        }
        if (annotations is { Count: > 0 })
        {
            var (textTerms, commentWords) = AnnotationWords(node);
            foreach (var annotation in annotations)
            {
                var wanted = textTerms.Where(t => t.Types.Contains(annotation.Type)).SelectMany(t => t.Words).ToList();
                if (annotation.Text is { } text && wanted.Count > 0 && Highlights(text, wanted, fuzziness) is { } t)
                {
                    hits.Add(new ContextHit(hits.Count + 1, annotation.Type, text, t.O1, t.L1, t.O2, t.L2, null, annotation.PageNumber, 0, annotation.Id));
                }
                if (annotation.Comment is { } comment && commentWords.Count > 0 && Highlights(comment, commentWords, fuzziness) is { } c)
                {
                    hits.Add(new ContextHit(hits.Count + 1, "AnnotationComment", comment, c.O1, c.L1, c.O2, c.L2, null, annotation.PageNumber, 0, annotation.Id));
                }
            }
        }
        return hits;
    }

    /// <summary>
    /// The words the command looks for in annotations: in the text of notes, text boxes and callouts (with the types
    /// each term covers) and in comments.
    /// </summary>
    private static (List<(IReadOnlyCollection<string> Types, List<string> Words)> Text, List<string> Comment) AnnotationWords(SearchNode node)
    {
        var text = new List<(IReadOnlyCollection<string>, List<string>)>();
        var comment = new List<string>();
        void Walk(SearchNode n)
        {
            switch (n)
            {
                case AndNode and: Walk(and.Left); Walk(and.Right); break;
                case OrNode or: Walk(or.Left); Walk(or.Right); break;
                case AndNotNode not: Walk(not.Left); break;
                case AttributeNode { Op: not SearchOp.NotEqual } a:
                    IReadOnlyCollection<string>? types = a.Attribute switch
                    {
                        "ANNTEXT" => a.Qualifiers.TryGetValue("TYPE", out var type)
                            ? [.. type.Text.ToUpperInvariant().Where(SearchAnnotations.TextTypes.ContainsKey).Select(l => SearchAnnotations.TextTypes[l])]
                            : [.. SearchAnnotations.TextTypes.Values],
                        "STICKY" => ["Note"],
                        "TEXTBOX" => ["TextBox"],
                        "CALLOUT" => ["Callout"],
                        "BASIC" when SearchAnnotations.Uses(a) => [.. SearchAnnotations.TextTypes.Values],
                        _ => null,
                    };
                    if (types is not null)
                    {
                        text.Add((types, Words(a.Value.Text)));
                    }
                    if (a.Attribute == "ANNCOMMENT" || a.Attribute == "BASIC" && SearchAnnotations.Uses(a))
                    {
                        comment.AddRange(Words(a.Value.Text));
                    }
                    break;
            }
        }
        Walk(node);
        return (text, comment);
    }

    /// <summary>One page of <paramref name="all"/> in the query's order, and where the next page starts.</summary>
    public static (List<ContextHit> Page, SkipToken? Next) Page(IReadOnlyList<ContextHit> all, ListQuery query)
    {
        var hits = Order(all, query).Skip(query.Offset).Take(query.Take + 1).ToList();
        var next = query.NextPage(Math.Min(hits.Count, query.Take), hits.Count > query.Take);
        return (hits.Take(query.Take).ToList(), next);
    }

    /// <summary>The wire shape of a context hit, the same in v1 and v2.</summary>
    public static void Write(Utf8JsonWriter w, ContextHit hit, IReadOnlySet<string>? select)
    {
        bool Wants(string name) => select is null || select.Contains(name);
        w.WriteStartObject();
        if (Wants("hitType")) w.WriteString("hitType", hit.HitType);
        if (Wants("isAnnotationHit")) w.WriteBoolean("isAnnotationHit", hit.AnnotationId != 0);
        if (Wants("annotationId")) w.WriteNumber("annotationId", hit.AnnotationId);
        if (Wants("pageNumber")) w.WriteNumber("pageNumber", hit.PageNumber);
        if (Wants("pageOffset")) w.WriteNumber("pageOffset", hit.PageOffset);
        if (Wants("context")) w.WriteString("context", hit.Context);
        if (Wants("highlight1Offset")) w.WriteNumber("highlight1Offset", hit.Highlight1Offset);
        if (Wants("highlight1Length")) w.WriteNumber("highlight1Length", hit.Highlight1Length);
        if (Wants("highlight2Offset")) w.WriteNumber("highlight2Offset", hit.Highlight2Offset);
        if (Wants("highlight2Length")) w.WriteNumber("highlight2Length", hit.Highlight2Length);
        if (Wants("hitWidth")) w.WriteNumber("hitWidth", hit.Highlight1Length);
        if (Wants("edocHitCount")) w.WriteNumber("edocHitCount", hit.HitType == "PageContent" ? 1 : 0);
        if (Wants("fieldHitCount")) w.WriteNumber("fieldHitCount", hit.HitType == "Field" ? 1 : 0);
        if (Wants("fieldName")) w.WriteString("fieldName", hit.FieldName);
        if (Wants("hitNumber")) w.WriteNumber("hitNumber", hit.HitNumber);
        w.WriteEndObject();
    }

    public static IEnumerable<ContextHit> Order(IEnumerable<ContextHit> hits, ListQuery query)
    {
        IOrderedEnumerable<ContextHit>? ordered = null;
        foreach (var term in query.OrderBy)
        {
            if (!SortableProperties.Contains(term.Property))
            {
                throw new Problems.ApiProblemException(Problems.ProblemCatalog.InvalidQueryOption,
                    $"$orderby: context hits can be ordered by {string.Join(", ", SortableProperties)}, not '{term.Property}'.");
            }
            Func<ContextHit, IComparable?> key = term.Property switch
            {
                "hitType" => h => h.HitType,
                "context" => h => h.Context,
                "fieldName" => h => h.FieldName,
                _ => h => h.HitNumber,
            };
            ordered = ordered is null
                ? term.Descending ? hits.OrderByDescending(key) : hits.OrderBy(key)
                : term.Descending ? ordered.ThenByDescending(key) : ordered.ThenBy(key);
        }
        return ordered ?? hits;
    }

    private static List<string> TextWords(SearchNode node) => node switch
    {
        AndNode and => [.. TextWords(and.Left), .. TextWords(and.Right)],
        OrNode or => [.. TextWords(or.Left), .. TextWords(or.Right)],
        AndNotNode not => TextWords(not.Left),
        ProximityNode { Negated: true } notNear => TextWords(notNear.Left),
        ProximityNode near => [.. TextWords(near.Left), .. TextWords(near.Right)],
        TextNode text => text.Phrase ? [text.Text] : Words(text.Text),
        AttributeNode { Attribute: "BASIC" } basic when !basic.Qualifiers.TryGetValue("OPTION", out var option) || option.Text.Contains('D', StringComparison.OrdinalIgnoreCase) =>
            Words(basic.Value.Text),
        _ => [],
    };

    private static void Collect(SearchNode node, List<string> nameWords, List<(int?, List<string>, bool)> fieldWords, MetadataCatalog catalog)
    {
        switch (node)
        {
            case AndNode and:
                Collect(and.Left, nameWords, fieldWords, catalog);
                Collect(and.Right, nameWords, fieldWords, catalog);
                break;
            case OrNode or:
                Collect(or.Left, nameWords, fieldWords, catalog);
                Collect(or.Right, nameWords, fieldWords, catalog);
                break;
            case AndNotNode not:
                Collect(not.Left, nameWords, fieldWords, catalog);
                break;
            case AttributeNode { Attribute: "NAME", Op: not SearchOp.NotEqual } name:
                nameWords.AddRange(Words(name.Value.Text));
                break;
            case AttributeNode { Attribute: "BASIC" } basic:
                var options = basic.Qualifiers.TryGetValue("OPTION", out var option) ? option.Text.ToUpperInvariant() : "DFAN";
                var words = Words(basic.Value.Text);
                if (options.Contains('N'))
                {
                    nameWords.AddRange(words);
                }
                if (options.Contains('F'))
                {
                    fieldWords.Add((null, words, words.Count == 0));
                }
                break;
            case FieldNode { Op: not SearchOp.NotEqual } field when field.Value.Text.Length > 0:
                var definition = field.Field is null ? null : catalog.FindField(field.Field);
                var isText = definition is null || definition.FieldType is FieldType.String or FieldType.List;
                var fieldTerms = isText ? Words(field.Value.Text) : [];
                fieldWords.Add((definition?.Id, fieldTerms, fieldTerms.Count == 0));
                break;
        }
    }

    /// <summary>The literal runs of a value: wildcards and quotes split it.</summary>
    private static List<string> Words(string value) =>
        [.. WordSplitter().Split(value).Where(w => w.Length > 0)];

    private static (int O1, int L1, int O2, int L2)? Highlights(string text, List<string> words, SearchFuzziness fuzziness)
    {
        var found = words
            .Select(w => Locate(text, w, fuzziness))
            .OfType<(int Offset, int Length)>()
            .Distinct()
            .OrderBy(f => f.Offset)
            .ToList();
        if (found.Count == 0)
        {
            return null;
        }
        return found.Count == 1
            ? (found[0].Offset, found[0].Length, 0, 0)
            : (found[0].Offset, found[0].Length, found[1].Offset, found[1].Length);
    }

    /// <summary>
    /// Where <paramref name="word"/> first appears in <paramref name="text"/>: as written (any letter case), else as a
    /// word equal to it without accents, else (fuzzy searches) as a word within the allowed edits.
    /// </summary>
    private static (int Offset, int Length)? Locate(string text, string word, SearchFuzziness fuzziness)
    {
        var at = text.IndexOf(word, StringComparison.OrdinalIgnoreCase);
        if (at >= 0)
        {
            return (at, word.Length);
        }
        var folded = SearchWords.Fold(word);
        if (folded.Length == 0)
        {
            return null;
        }
        foreach (var (start, length) in SearchWords.Tokens(text))
        {
            var token = SearchWords.Fold(text.Substring(start, length));
            if (token == folded || (fuzziness.IsFuzzy && fuzziness.Matches(folded, token)))
            {
                return (start, length);
            }
        }
        return null;
    }

    [GeneratedRegex(@"[\s\*\?'""]+|\[[^\]]*\]")]
    private static partial Regex WordSplitter();

    private static ListingShape BuildShape()
    {
        var type = new EdmEntityType("Laserfiche.Repository", "SearchContextHit");
        type.AddKeys(type.AddStructuralProperty("hitNumber", EdmPrimitiveTypeKind.Int32, false));
        foreach (var name in new[] { "annotationId", "pageNumber", "pageOffset", "highlight1Offset", "highlight1Length", "highlight2Offset", "highlight2Length", "hitWidth", "edocHitCount", "fieldHitCount" })
        {
            type.AddStructuralProperty(name, EdmPrimitiveTypeKind.Int32, false);
        }
        type.AddStructuralProperty("isAnnotationHit", EdmPrimitiveTypeKind.Boolean, false);
        foreach (var name in new[] { "hitType", "context", "fieldName" })
        {
            type.AddStructuralProperty(name, EdmPrimitiveTypeKind.String, true);
        }
        var model = new EdmModel();
        model.AddElement(type);
        var container = new EdmEntityContainer("Laserfiche.Repository", "Container");
        var set = container.AddEntitySet("SearchContextHits", type);
        model.AddElement(container);
        return new ListingShape("ListSearchContextHits", model, type, set, DefaultPageSize: 100);
    }
}
