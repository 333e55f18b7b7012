using System.Text.Json;
using System.Text.RegularExpressions;
using LfRepo.Server.Entries;
using LfRepo.Server.Problems;

namespace LfRepo.Server.Metadata;

/// <summary>
/// What makes a field definition valid, whoever writes it (create, update, merge, type change): its name, the
/// length of variable-length types, list values, a format that fits its type, a constraint that is a regular
/// expression and a default value the field itself accepts.
/// </summary>
public static class FieldRules
{
    public const int MaxNameLength = 255;
    public const int MaxStringLength = 4000;
    public const int DefaultStringLength = 255;

    public static bool HasLength(FieldType type) => type is FieldType.String or FieldType.List;

    /// <summary>A name for a new or renamed definition: not blank, not too long.</summary>
    public static string Name(string? name, string member)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidFieldDefinition, $"{member} is required and must not be blank.");
        }
        if (name.Length > MaxNameLength || name != name.Trim())
        {
            throw new ApiProblemException(ProblemCatalog.InvalidFieldDefinition,
                $"{member} '{name}' must be at most {MaxNameLength} characters, without leading or trailing spaces.");
        }
        return name;
    }

    /// <summary>The length a field keeps: 1 to 4000 for String and List (255 when not given), none for other types.</summary>
    public static int Length(FieldType type, int? length)
    {
        if (!HasLength(type))
        {
            return length is null or 0 ? 0
                : throw new ApiProblemException(ProblemCatalog.InvalidFieldDefinition, $"length applies to String and List fields only, not to {type}.");
        }
        var chosen = length ?? DefaultStringLength;
        return chosen is >= 1 and <= MaxStringLength ? chosen
            : throw new ApiProblemException(ProblemCatalog.InvalidFieldDefinition, $"length must be between 1 and {MaxStringLength}; {chosen} was given.");
    }

    /// <summary>List values: only for List fields; none empty, none repeated (ignoring case), none longer than the field.</summary>
    public static List<string> ListValues(FieldType type, int length, IReadOnlyList<string?>? values)
    {
        if (values is null)
        {
            return [];
        }
        if (type != FieldType.List && values.Count > 0)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidFieldDefinition, $"listValues apply to List fields only, not to {type}.");
        }
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in values)
        {
            if (string.IsNullOrEmpty(value))
            {
                throw new ApiProblemException(ProblemCatalog.InvalidFieldDefinition, "A list value is empty.");
            }
            if (!seen.Add(value))
            {
                throw new ApiProblemException(ProblemCatalog.InvalidFieldDefinition, $"The list value '{value}' is given more than once.");
            }
            if (length > 0 && value.Length > length)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidFieldDefinition,
                    $"The list value '{value}' is {value.Length} characters long; the field holds at most {length}.");
            }
        }
        return [.. values.Select(v => v!)];
    }

    /// <summary>Checks a whole definition; the record's name key is set from its name.</summary>
    public static FieldDefinition Check(FieldDefinitionRecord record, IReadOnlyList<string> listValues, FieldDefinitionSettingsRecord settings)
    {
        record.NameKey = EntryNames.Key(record.Name);
        record.ListValuesJson = JsonSerializer.Serialize(listValues);
        if (!FormatFits(record.FieldType, record.Format))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidFieldDefinition, $"The format {record.Format} does not apply to a {record.FieldType} field.");
        }
        if (record.Constraint.Length > 0)
        {
            try
            {
                _ = new Regex(record.Constraint, RegexOptions.CultureInvariant);
            }
            catch (ArgumentException ex)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidFieldDefinition, $"The constraint '{record.Constraint}' is not a regular expression: {ex.Message}");
            }
        }
        var definition = new FieldDefinition(record, listValues, settings, PropertyBagOf(settings));
        if (record.DefaultValue.Length > 0)
        {
            try
            {
                record.DefaultValue = FieldValues.Canonicalize(definition, [record.DefaultValue])[0];
            }
            catch (ApiProblemException ex)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidFieldDefinition, $"defaultValue: {ex.Detail}");
            }
        }
        return definition;
    }

    /// <summary>None fits every type; date, time and number formats fit the types they render.</summary>
    public static bool FormatFits(FieldType type, FieldFormat format) => format switch
    {
        FieldFormat.None => true,
        FieldFormat.ShortDate or FieldFormat.LongDate => type is FieldType.Date or FieldType.DateTime,
        FieldFormat.ShortDateTime or FieldFormat.LongDateTime => type is FieldType.DateTime,
        FieldFormat.ShortTime or FieldFormat.LongTime => type is FieldType.Time or FieldType.DateTime,
        FieldFormat.GeneralNumber or FieldFormat.Currency or FieldFormat.Percent or FieldFormat.Scientific =>
            type is FieldType.Number or FieldType.ShortInteger or FieldType.LongInteger,
        FieldFormat.Custom => type is FieldType.Number or FieldType.ShortInteger or FieldType.LongInteger or FieldType.Date or FieldType.DateTime or FieldType.Time,
        _ => false,
    };

    private static Dictionary<string, string> PropertyBagOf(FieldDefinitionSettingsRecord settings) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(settings.PropertiesJson) ?? [];
}
