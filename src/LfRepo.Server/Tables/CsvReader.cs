using System.Text;
using nietras.SeparatedValues;

namespace LfRepo.Server.Tables;

/// <summary>
/// Reads RFC 4180 CSV through Sep: comma-separated, fields optionally in double quotes (which may hold commas, line
/// breaks and doubled quotes), CRLF or LF line ends. Sep splits records and counts lines; each field is then checked
/// against RFC 4180's quoting rules, so a malformed file throws <see cref="FormatException"/> naming the line and
/// the field.
/// </summary>
public sealed class CsvReader : IDisposable
{
    private readonly SepReader _sep;
    private int _rows;

    public CsvReader(TextReader reader) =>
        _sep = Sep.New(',').Reader(o => o with { HasHeader = false, DisableColCountCheck = true, Unescape = false }).From(reader);

    /// <summary>Line number where the record last returned began.</summary>
    public int RecordLine { get; private set; }

    /// <summary>The next record, or null at the end of the file. Blank lines are skipped.</summary>
    public List<string>? ReadRecord()
    {
        while (_sep.MoveNext())
        {
            var row = _sep.Current;
            // Sep numbers the first row's lines as if a header came before it; the first row begins on line 1.
            RecordLine = _rows++ == 0 ? 1 : row.LineNumberFrom;
            if (row.ColCount == 1 && row[0].Span.Length == 0)
            {
                continue;
            }
            var fields = new List<string>(row.ColCount);
            for (var i = 0; i < row.ColCount; i++)
            {
                fields.Add(Unquote(row[i].Span, i + 1));
            }
            return fields;
        }
        return null;
    }

    public void Dispose() => _sep.Dispose();

    /// <summary>The field's value: a quoted field without its quotes and with doubled quotes single.</summary>
    private string Unquote(ReadOnlySpan<char> raw, int column)
    {
        if (raw.Length == 0 || raw[0] != '"')
        {
            if (raw.Contains('"'))
            {
                throw new FormatException($"Line {RecordLine}, field {column}: a quote inside an unquoted field; quote the whole field and double the quote.");
            }
            return raw.ToString();
        }
        var value = new StringBuilder(raw.Length);
        for (var i = 1; i < raw.Length; i++)
        {
            if (raw[i] != '"')
            {
                value.Append(raw[i]);
                continue;
            }
            if (i + 1 < raw.Length && raw[i + 1] == '"')
            {
                value.Append('"');
                i++;
                continue;
            }
            if (i + 1 < raw.Length)
            {
                throw new FormatException($"Line {RecordLine}, field {column}: unexpected character '{raw[i + 1]}' after a closing quote.");
            }
            return value.ToString();
        }
        throw new FormatException($"Line {RecordLine}, field {column}: a quoted field is not closed before the end of the file.");
    }
}
