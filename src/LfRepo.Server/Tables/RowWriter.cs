using System.Data.Common;
using System.Text.Json;

namespace LfRepo.Server.Tables;

/// <summary>Reads rows of a query into JSON objects, each member written as its column type.</summary>
public static class RowWriter
{
    /// <summary>
    /// Reads up to <paramref name="limit"/> rows as buffered JSON; says whether another row followed and, when the
    /// query selects one more column than <paramref name="columns"/> (the row number), the last row's value of it.
    /// </summary>
    public static async Task<(List<byte[]> Rows, bool More, long? LastRowId)> ReadAsync(DbCommand command, IReadOnlyList<OutputColumn> columns, int limit, CancellationToken cancellationToken)
    {
        var rows = new List<byte[]>();
        long? lastRowId = null;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (rows.Count == limit)
            {
                return (rows, true, lastRowId);
            }
            rows.Add(Render(reader, columns));
            if (reader.FieldCount > columns.Count)
            {
                lastRowId = reader.GetInt64(columns.Count);
            }
        }
        return (rows, false, lastRowId);
    }

    /// <summary>Writes rows read by <see cref="ReadAsync"/> as they are (already JSON objects).</summary>
    public static void WriteAll(Utf8JsonWriter writer, IEnumerable<byte[]> rows)
    {
        foreach (var row in rows)
        {
            writer.WriteRawValue(row, skipInputValidation: true);
        }
    }

    public static byte[] Render(DbDataReader reader, IReadOnlyList<OutputColumn> columns, Action<Utf8JsonWriter>? annotations = null)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            annotations?.Invoke(writer);
            for (var i = 0; i < columns.Count; i++)
            {
                TableValues.Write(writer, columns[i].Name, columns[i].Type, reader, i);
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
