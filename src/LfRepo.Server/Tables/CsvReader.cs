using System.Text;

namespace LfRepo.Server.Tables;

/// <summary>
/// Reads RFC 4180 CSV: comma-separated, fields optionally in double quotes (which may hold commas, line breaks
/// and doubled quotes), CRLF or LF line ends. A malformed file throws <see cref="FormatException"/> naming the line.
/// </summary>
public sealed class CsvReader(TextReader reader)
{
    private int _line = 1;

    /// <summary>Line number where the record last returned began.</summary>
    public int RecordLine { get; private set; }

    /// <summary>The next record, or null at the end of the file. Blank lines are skipped.</summary>
    public List<string>? ReadRecord()
    {
        while (true)
        {
            if (reader.Peek() < 0)
            {
                return null;
            }
            RecordLine = _line;
            var record = ReadFields();
            if (record.Count > 1 || record[0].Length > 0)
            {
                return record;
            }
        }
    }

    private List<string> ReadFields()
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var fieldStart = true;
        while (true)
        {
            var c = reader.Read();
            if (quoted)
            {
                if (c < 0)
                {
                    throw new FormatException($"Line {RecordLine}: a quoted field is not closed before the end of the file.");
                }
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                        continue;
                    }
                    quoted = false;
                    var next = reader.Peek();
                    if (next >= 0 && next != ',' && next != '\r' && next != '\n')
                    {
                        throw new FormatException($"Line {_line}: unexpected character '{(char)next}' after a closing quote.");
                    }
                    continue;
                }
                if (c == '\n')
                {
                    _line++;
                }
                field.Append((char)c);
                continue;
            }
            switch (c)
            {
                case < 0:
                    fields.Add(field.ToString());
                    return fields;
                case '"' when fieldStart:
                    quoted = true;
                    fieldStart = false;
                    continue;
                case '"':
                    throw new FormatException($"Line {_line}: a quote inside an unquoted field; quote the whole field and double the quote.");
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStart = true;
                    continue;
                case '\r':
                    if (reader.Peek() == '\n')
                    {
                        reader.Read();
                    }
                    _line++;
                    fields.Add(field.ToString());
                    return fields;
                case '\n':
                    _line++;
                    fields.Add(field.ToString());
                    return fields;
                default:
                    field.Append((char)c);
                    fieldStart = false;
                    continue;
            }
        }
    }
}
