namespace LfRepo.Server.Storage;

/// <summary>How one searched word is compared with a word of the searched text.</summary>
public enum WordTestKind
{
    /// <summary>The words are equal.</summary>
    Exact,

    /// <summary>The word is a pattern: <c>*</c> any letters, <c>?</c> one letter, <c>[…]</c> / <c>[^…]</c> a set.</summary>
    Wildcard,

    /// <summary>The words differ by at most <see cref="WordTest.MaxEdits"/> letters added, removed or changed.</summary>
    Fuzzy,
}

/// <summary>
/// One word of a word search, already folded (lower case, accents removed), as an engine's SQL compares it with the
/// folded words of a text. <see cref="Leading"/> and <see cref="Trailing"/> let a pattern end or start a longer word.
/// </summary>
public sealed record WordTest(string Word, WordTestKind Kind, bool Leading = false, bool Trailing = false, int MaxEdits = 0);
