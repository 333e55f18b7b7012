using LfRepo.Server.Annotations;

namespace LfRepo.Server.Search;

/// <summary>
/// Which annotations a searching user may find entries by: none on entries where they lack SeeAnnotations
/// (<see cref="Hidden"/>), and no redaction's comment where they lack SeeThroughRedactions (<see cref="Opaque"/>).
/// Null (for administrators) means every annotation.
/// </summary>
public sealed record AnnotationAccess(IReadOnlySet<int> Hidden, IReadOnlySet<int> Opaque);

/// <summary>The LF: attributes that search annotations, and the annotation types each one's text is of.</summary>
public static class SearchAnnotations
{
    public const string Table = AnnotationNames.Annotations;

    /// <summary>The annotation types whose text (<c>AnnotationRecord.Text</c>) LF:AnnText's Type letters select: S, T and C.</summary>
    public static readonly IReadOnlyDictionary<char, string> TextTypes = new Dictionary<char, string> { ['S'] = "Note", ['T'] = "TextBox", ['C'] = "Callout" };

    public static readonly IReadOnlySet<string> Attributes = new HashSet<string>(StringComparer.Ordinal)
    {
        "ANNTEXT", "ANNCOMMENT", "STICKY", "CALLOUT", "TEXTBOX", "ANNCOLOR", "ANNCREATOR", "ANNTYPE", "ANNPAGE", "ANNSTAMPNAME",
    };

    /// <summary>Whether <paramref name="node"/> finds entries by their annotations (an annotation attribute, or LF:Basic with A).</summary>
    public static bool Uses(SearchNode node) => node switch
    {
        AndNode and => Uses(and.Left) || Uses(and.Right),
        OrNode or => Uses(or.Left) || Uses(or.Right),
        AndNotNode not => Uses(not.Left) || Uses(not.Right),
        ProximityNode near => Uses(near.Left) || Uses(near.Right),
        AttributeNode { Attribute: "BASIC" } basic => !basic.Qualifiers.TryGetValue("OPTION", out var option) || option.Text.Contains('A', StringComparison.OrdinalIgnoreCase),
        AttributeNode attribute => Attributes.Contains(attribute.Attribute),
        _ => false,
    };
}
