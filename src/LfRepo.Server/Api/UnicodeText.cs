namespace LfRepo.Server.Api;

/// <summary>Checks text from clients before it reaches SQLite, whose text functions fail on lone surrogates.</summary>
public static class UnicodeText
{
    /// <summary>Whether every surrogate in <paramref name="text"/> is half of a pair.</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The text with every lone surrogate replaced by U+FFFD, so normalisation and SQLite can take it.</summary>
    public static string Repair(string text)
    {
        if (IsWellFormed(text))
        {
            return text;
        }
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]))
            {
                chars[i] = '\uFFFD';
            }
        }
        return new string(chars);
    }
}
