using System.Globalization;
using System.Text.RegularExpressions;
using LfRepo.Server.Problems;

namespace LfRepo.Server.Metadata;

/// <summary>
/// Checks field values against their definition and brings them to one canonical text form: invariant numbers,
/// ISO 8601 dates and times without a time zone (Laserfiche stores them as given, zone-less). The canonical
/// form is what ListFields returns; <see cref="Format"/> renders it for a culture.
/// </summary>
public static class FieldValues
{
    private const string DateFormat = "yyyy-MM-dd";
    private const string DateTimeFormat = "yyyy-MM-ddTHH:mm:ss";
    private const string TimeFormat = "HH:mm:ss";

    private static readonly string[] DateInputs = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd HH:mm:ss"];
    private static readonly string[] TimeInputs = ["HH:mm:ss", "HH:mm", "HH:mm:ss.FFFFFFF"];
    private static readonly TimeSpan ConstraintTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>The canonical values, or a 400 naming the field and the offending value.</summary>
    public static List<string> Canonicalize(FieldDefinition field, IReadOnlyList<string?>? values)
    {
        var given = (values ?? []).Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList();
        if (given.Count > 1 && !field.Record.IsMultiValue)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidFieldValue,
                $"Field '{field.Name}' holds a single value, but {given.Count} values were given.");
        }
        return [.. given.Select(v => Canonical(field, v))];
    }

    private const NumberStyles NumberInput =
        NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite | NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    private static bool IsWellGrouped(string value) =>
        !value.Contains(',', StringComparison.Ordinal) || Regex.IsMatch(value, @"^\s*[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?\s*$", RegexOptions.CultureInvariant);

    private static string Canonical(FieldDefinition field, string value)
    {
        var record = field.Record;
        var canonical = record.FieldType switch
        {
            FieldType.String => value,
            // Thousands separators only in groups of three: "1,234.5" is a number, "1,5" is not fifteen.
            FieldType.Number => IsWellGrouped(value) && decimal.TryParse(value.Replace(",", "", StringComparison.Ordinal), NumberInput, CultureInfo.InvariantCulture, out var number)
                ? number.ToString(CultureInfo.InvariantCulture) : null,
            FieldType.ShortInteger => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var small)
                ? small.ToString(CultureInfo.InvariantCulture) : null,
            FieldType.LongInteger => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var large)
                ? large.ToString(CultureInfo.InvariantCulture) : null,
            FieldType.Date => ParseDateTime(value) is { } date
                ? (date.TimeOfDay == TimeSpan.Zero ? date.ToString(DateFormat, CultureInfo.InvariantCulture) : null) : null,
            FieldType.DateTime => ParseDateTime(value)?.ToString(DateTimeFormat, CultureInfo.InvariantCulture),
            FieldType.Time => DateTime.TryParseExact(value, TimeInputs, CultureInfo.InvariantCulture, DateTimeStyles.NoCurrentDateDefault, out var time)
                ? time.ToString(TimeFormat, CultureInfo.InvariantCulture) : null,
            FieldType.List => field.ListValues.FirstOrDefault(v => v.Equals(value, StringComparison.OrdinalIgnoreCase)),
            FieldType.Blob => IsBase64(value) ? value : null,
            _ => null,
        };
        if (canonical is null)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidFieldValue, $"Field '{field.Name}': '{value}' is not a valid {Expected(field)}.");
        }
        if (record.FieldType == FieldType.String && record.Length > 0 && value.Length > record.Length)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidFieldValue,
                $"Field '{field.Name}': '{value}' is {value.Length} characters long; the field holds at most {record.Length}.");
        }
        if (record.Constraint.Length > 0 && !MatchesConstraint(record.Constraint, canonical))
        {
            var reason = record.ConstraintError.Length > 0 ? record.ConstraintError : $"it does not match the constraint '{record.Constraint}'";
            throw new ApiProblemException(ProblemCatalog.InvalidFieldValue, $"Field '{field.Name}': '{value}' is not allowed: {reason}");
        }
        return canonical;
    }

    /// <summary>A canonical value rendered for a culture (formatFieldValues=true).</summary>
    public static string Format(FieldDefinition field, string value, CultureInfo culture)
    {
        var invariant = CultureInfo.InvariantCulture;
        return field.FieldType switch
        {
            FieldType.Number when decimal.TryParse(value, NumberStyles.Number, invariant, out var number) =>
                field.Record.Format == FieldFormat.Currency ? number.ToString("C", culture) : number.ToString("G", culture),
            FieldType.ShortInteger or FieldType.LongInteger when long.TryParse(value, NumberStyles.Integer, invariant, out var integer) => integer.ToString("N0", culture),
            FieldType.Date when DateTime.TryParseExact(value, DateFormat, invariant, DateTimeStyles.None, out var date) =>
                date.ToString(field.Record.Format == FieldFormat.LongDate ? "D" : "d", culture),
            FieldType.DateTime when DateTime.TryParseExact(value, DateTimeFormat, invariant, DateTimeStyles.None, out var dateTime) =>
                dateTime.ToString(field.Record.Format == FieldFormat.LongDateTime ? "F" : "g", culture),
            FieldType.Time when DateTime.TryParseExact(value, TimeFormat, invariant, DateTimeStyles.NoCurrentDateDefault, out var time) =>
                time.ToString(field.Record.Format == FieldFormat.LongTime ? "T" : "t", culture),
            _ => value,
        };
    }

    /// <summary>The culture a request names; empty means invariant, an unknown tag is a 400.</summary>
    public static CultureInfo Culture(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return CultureInfo.InvariantCulture;
        }
        try
        {
            return CultureInfo.GetCultureInfo(name, predefinedOnly: true);
        }
        catch (CultureNotFoundException)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidCulture, $"'{name}' is not a known culture; use a language tag such as en-US.");
        }
    }

    /// <summary>Dates and date-times must not carry a zone: "Z" or an offset is rejected, as the real server does.</summary>
    private static DateTime? ParseDateTime(string value) =>
        DateTime.TryParseExact(value, DateInputs, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : null;

    private static bool MatchesConstraint(string constraint, string value)
    {
        try
        {
            // \z, not $: "$" also matches before a final newline, which would let "ABC-1\n" through.
            return Regex.IsMatch(value, $"^(?:{constraint})\\z", RegexOptions.CultureInvariant, ConstraintTimeout);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static bool IsBase64(string value) => Convert.TryFromBase64String(value, new byte[value.Length], out _);

    private static string Expected(FieldDefinition field) => field.FieldType switch
    {
        FieldType.Number => "number",
        FieldType.ShortInteger => "32-bit integer",
        FieldType.LongInteger => "64-bit integer",
        FieldType.Date => "date (yyyy-MM-dd, no time zone)",
        FieldType.DateTime => "date and time (yyyy-MM-ddTHH:mm:ss, no time zone)",
        FieldType.Time => "time (HH:mm:ss)",
        FieldType.List => "value of the list (" + string.Join(", ", field.ListValues) + ")",
        FieldType.Blob => "base64 value",
        _ => "value",
    };
}
