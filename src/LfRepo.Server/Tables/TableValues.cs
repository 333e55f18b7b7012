using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace LfRepo.Server.Tables;

/// <summary>
/// How each column type is stored in SQLite, parsed from CSV text and JSON bodies, and written back. Dates are
/// stored as fixed-width UTC ISO 8601 text, so text comparison in SQL is chronological order.
/// </summary>
public static class TableValues
{
    public const string DateFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string SqlType(ColumnType type) => type switch
    {
        ColumnType.Integer or ColumnType.Boolean => "INTEGER",
        ColumnType.Numeric => "REAL",
        _ => "TEXT",
    };

    public static string FormatDate(DateTimeOffset value) => value.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>A CSV field as a stored value; an empty field is null. Throws <see cref="FormatException"/> naming the problem.</summary>
    public static object? FromText(TableColumn column, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        switch (column.Type)
        {
            case ColumnType.Text:
                return CheckLength(column, text);
            case ColumnType.Integer:
                return long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
                    ? integer : throw Bad(column, text);
            case ColumnType.Numeric:
                return double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                    ? number : throw Bad(column, text);
            case ColumnType.Boolean:
                return text.Trim().ToLowerInvariant() switch
                {
                    "true" or "1" => 1L,
                    "false" or "0" => 0L,
                    _ => throw Bad(column, text),
                };
            case ColumnType.DateTime:
            case ColumnType.Timestamp:
                return DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
                    ? FormatDate(date) : throw Bad(column, text);
            default:
                return CheckJson(column, text);
        }
    }

    /// <summary>A JSON body member as a stored value. Throws <see cref="FormatException"/> naming the problem.</summary>
    public static object? FromJson(TableColumn column, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        switch (column.Type)
        {
            case ColumnType.Text when value.ValueKind == JsonValueKind.String:
                return CheckLength(column, value.GetString()!);
            case ColumnType.Integer when value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var integer):
                return integer;
            case ColumnType.Numeric when value.ValueKind == JsonValueKind.Number:
                return value.GetDouble();
            case ColumnType.Boolean when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                return value.GetBoolean() ? 1L : 0L;
            case ColumnType.DateTime or ColumnType.Timestamp when value.ValueKind == JsonValueKind.String:
                return FromText(column, value.GetString());
            case ColumnType.Json when value.ValueKind == JsonValueKind.String:
                return CheckJson(column, value.GetString()!);
            case ColumnType.Json:
                return value.GetRawText();
            default:
                throw new FormatException($"Column '{column.Name}' is {column.Type}; {value.GetRawText()} is not a {column.Type} value.");
        }
    }

    /// <summary>Writes a stored value as the JSON of its column type.</summary>
    public static void Write(Utf8JsonWriter writer, string name, ColumnType type, SqliteDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            writer.WriteNull(name);
            return;
        }
        switch (type)
        {
            case ColumnType.Integer or ColumnType.Numeric:
                // Aggregates decide the storage class (SUM of integers is an integer, AVG a real), so write what SQLite holds.
                if (reader.GetFieldType(ordinal) == typeof(long))
                {
                    writer.WriteNumber(name, reader.GetInt64(ordinal));
                }
                else
                {
                    writer.WriteNumber(name, reader.GetDouble(ordinal));
                }
                break;
            case ColumnType.Boolean:
                writer.WriteBoolean(name, reader.GetInt64(ordinal) != 0);
                break;
            default:
                writer.WriteString(name, reader.GetString(ordinal));
                break;
        }
    }

    private static string CheckLength(TableColumn column, string text) =>
        column.MaximumTextLength is { } max && text.Length > max
            ? throw new FormatException($"Column '{column.Name}' takes at most {max} characters; the value has {text.Length}.")
            : text;

    private static string CheckJson(TableColumn column, string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return text;
        }
        catch (JsonException)
        {
            throw new FormatException($"Column '{column.Name}' is Json; '{Shorten(text)}' is not valid JSON.");
        }
    }

    private static FormatException Bad(TableColumn column, string text) =>
        new($"Column '{column.Name}' is {column.Type}; '{Shorten(text)}' is not a {column.Type} value.");

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
