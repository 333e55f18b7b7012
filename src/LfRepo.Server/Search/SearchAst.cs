namespace LfRepo.Server.Search;

/// <summary>A comparison of the search language.</summary>
public enum SearchOp
{
    Equal,
    Indexed,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    NotEqual,
}

/// <summary>A value as written: quoted values may hold delimiters, bare ones are single tokens.</summary>
public sealed record SearchValue(string Text, bool Quoted, int Position);

/// <summary>One node of a parsed search command.</summary>
public abstract record SearchNode(int Position);

public sealed record AndNode(SearchNode Left, SearchNode Right) : SearchNode(Left.Position);

public sealed record OrNode(SearchNode Left, SearchNode Right) : SearchNode(Left.Position);

/// <summary>The binary <c>-</c>: Left and not Right.</summary>
public sealed record AndNotNode(SearchNode Left, SearchNode Right) : SearchNode(Left.Position);

/// <summary>A bare word or phrase outside braces: document text.</summary>
public sealed record TextNode(string Text, bool Phrase, int Position) : SearchNode(Position);

/// <summary>Two text expressions within (or, negated, not within) a number of words.</summary>
public sealed record ProximityNode(SearchNode Left, SearchNode Right, int Distance, bool Negated) : SearchNode(Left.Position);

/// <summary>
/// One <c>LF:</c> criterion, e.g. <c>Name="x"</c>, with the qualifiers that followed it in the brace
/// (<c>Type=</c>, <c>Subfolders=</c>, <c>option=</c>), keyed by upper-cased qualifier name.
/// </summary>
public sealed record AttributeNode(string Attribute, SearchOp Op, SearchValue Value, IReadOnlyDictionary<string, SearchValue> Qualifiers, int Position)
    : SearchNode(Position);

/// <summary><c>{[T]}</c>: entries with template T, or any template when <see cref="Template"/> is null.</summary>
public sealed record TemplateNode(string? Template, int Position) : SearchNode(Position);

/// <summary>Which values of a multi-value field a criterion tests.</summary>
public enum ValuePosition
{
    Any,
    One,
    All,
}

/// <summary><c>{[T]:[F](n) op value}</c>; null template or field means "any".</summary>
public sealed record FieldNode(
    string? Template, string? Field, ValuePosition Which, int Index, SearchOp Op, SearchValue Value, int Position) : SearchNode(Position);
