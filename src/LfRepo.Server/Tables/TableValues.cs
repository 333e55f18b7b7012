using System.Globalization;
using System.Data.Common;
using System.Text.Json;
using LfRepo.Server.Storage;

namespace LfRepo.Server.Tables;

/// <summary>
/// How each column type is stored, parsed from CSV text and JSON bodies, and written back. Dates are stored as
/// fixed-width UTC ISO 8601 text, so text comparison in SQL is chronological order.
/// </summary>
public static class TableValues
{
    public const string DateFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>The store's type of a column (<see cref="IStoreDialect.ColumnType"/>).</summary>
    public static SideColumnType Storage(ColumnType type) => type switch
    {
        ColumnType.Integer => SideColumnType.Integer,
        ColumnType.Boolean => SideColumnType.Boolean,
        ColumnType.Numeric => SideColumnType.Real,
        _ => SideColumnType.Text,
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
                    "true" or "1" => true,
                    "false" or "0" => false,
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
                return value.GetBoolean();
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

    /// <summary>
    /// Adds a column value as a parameter as it is: a Boolean column's value stays a boolean (the store's
    /// <see cref="StoreCommands.AddWithValue"/> sends its flags as integers), null becomes SQL NULL.
    /// </summary>
    public static DbParameter AddValue(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>Writes a stored value as the JSON of its column type.</summary>
    public static void Write(Utf8JsonWriter writer, string name, ColumnType type, DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            writer.WriteNull(name);
            return;
        }
        switch (type)
        {
            case ColumnType.Integer or ColumnType.Numeric:
                WriteNumber(writer, name, reader, ordinal);
                break;
            case ColumnType.Boolean:
                writer.WriteBoolean(name, reader.GetBoolean(ordinal));
                break;
            default:
                writer.WriteString(name, reader.GetString(ordinal));
                break;
        }
    }

    /// <summary>
    /// Aggregates decide the type the engine gives (SQLite: SUM of integers is an integer, AVG a real; PostgreSQL:
    /// both exact numerics), so the number is written as the engine holds it: whole exact numerics without a scale.
    /// </summary>
    private static void WriteNumber(Utf8JsonWriter writer, string name, DbDataReader reader, int ordinal)
    {
        var type = reader.GetFieldType(ordinal);
        if (type == typeof(long) || type == typeof(int) || type == typeof(short))
        {
            writer.WriteNumber(name, reader.GetInt64(ordinal));
        }
        else if (type == typeof(decimal))
        {
            var value = reader.GetDecimal(ordinal);
            if (value == decimal.Truncate(value) && value is >= long.MinValue and <= long.MaxValue)
            {
                writer.WriteNumber(name, (long)value);
            }
            else
            {
                writer.WriteNumber(name, (double)value);
            }
        }
        else
        {
            writer.WriteNumber(name, reader.GetDouble(ordinal));
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
