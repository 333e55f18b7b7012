using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace LfRepo.Server.Documents.Formats;

/// <summary>A PDF that cannot be read: broken cross-references, a missing page tree.</summary>
public sealed class InvalidPdfException(string message) : Exception(message);

/// <summary>An indirect reference, <c>12 0 R</c>.</summary>
public sealed record PdfRef(int Number, int Generation);

/// <summary>A name, <c>/Type</c>.</summary>
public sealed record PdfName(string Value);

/// <summary>A stream object: its dictionary and where its data starts in the file.</summary>
public sealed record PdfStream(Dictionary<string, object?> Dictionary, long DataOffset);

/// <summary>A page of the page tree: its object and its (inherited) media box size in points.</summary>
public sealed record PdfPage(PdfRef Reference, double Width, double Height);

/// <summary>
/// Just enough PDF reading to list the pages: cross-reference tables and streams (with object streams and
/// incremental updates), the page tree with inherited media boxes, and the objects a page selection rewrites.
/// Objects are read from the file on demand; only object and cross-reference streams are inflated.
/// </summary>
public sealed class PdfReader
{
    private const int MaxDepth = 64;
    private readonly Stream _stream;
    private readonly Dictionary<int, (long Offset, int StreamNumber, int Index)> _xref = [];
    private readonly Dictionary<int, List<object?>> _objectStreams = [];

    private PdfReader(Stream stream)
    {
        _stream = stream;
    }

    public Dictionary<string, object?> Trailer { get; private set; } = [];

    public long StartXref { get; private set; }

    public int Size => (int)Math.Max(_xref.Count == 0 ? 0 : _xref.Keys.Max() + 1, Number(Trailer.GetValueOrDefault("Size")));

    public List<PdfPage> Pages { get; } = [];

    public static bool IsPdf(Stream stream)
    {
        stream.Position = 0;
        var head = new byte[1024];
        var n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return head.AsSpan(0, n).IndexOf("%PDF-"u8) >= 0;
    }

    public static PdfReader Open(Stream stream)
    {
        var reader = new PdfReader(stream);
        try
        {
            reader.ReadCrossReferences();
            var root = reader.Resolve(reader.Trailer.GetValueOrDefault("Root")) as Dictionary<string, object?>
                ?? throw new InvalidPdfException("The trailer names no document catalogue.");
            if (root.GetValueOrDefault("Pages") is not PdfRef pages)
            {
                throw new InvalidPdfException("The catalogue has no page tree.");
            }
            reader.Walk(pages, null, [], 0);
        }
        catch (Exception ex) when (ex is EndOfStreamException or InvalidDataException or FormatException or InvalidCastException or OverflowException)
        {
            throw new InvalidPdfException(ex.Message);
        }
        return reader;
    }

    /// <summary>The catalogue's reference and dictionary, for a page selection's update.</summary>
    public (PdfRef Reference, Dictionary<string, object?> Catalog) Catalog() =>
        Trailer.GetValueOrDefault("Root") is PdfRef root && Resolve(root) is Dictionary<string, object?> catalog
            ? (root, catalog)
            : throw new InvalidPdfException("The trailer names no document catalogue.");

    private void Walk(PdfRef node, double[]? inheritedBox, HashSet<int> visited, int depth)
    {
        if (depth > MaxDepth || !visited.Add(node.Number))
        {
            throw new InvalidPdfException("The page tree loops or is too deep.");
        }
        if (Resolve(node) is not Dictionary<string, object?> dictionary)
        {
            throw new InvalidPdfException($"Page tree node {node.Number} is not a dictionary.");
        }
        var box = Box(Resolve(dictionary.GetValueOrDefault("MediaBox"))) ?? inheritedBox;
        var type = (dictionary.GetValueOrDefault("Type") as PdfName)?.Value;
        if (type == "Page" || (type is null && !dictionary.ContainsKey("Kids")))
        {
            box ??= [0, 0, 612, 792];
            Pages.Add(new PdfPage(node, Math.Abs(box[2] - box[0]), Math.Abs(box[3] - box[1])));
            return;
        }
        if (Resolve(dictionary.GetValueOrDefault("Kids")) is List<object?> kids)
        {
            foreach (var kid in kids.OfType<PdfRef>())
            {
                Walk(kid, box, visited, depth + 1);
            }
        }
    }

    private double[]? Box(object? value) =>
        value is List<object?> { Count: 4 } list ? [.. list.Select(v => Number(Resolve(v)))] : null;

    private static double Number(object? value) => value switch
    {
        long l => l,
        double d => d,
        _ => 0,
    };

    public object? Resolve(object? value, int depth = 0)
    {
        while (value is PdfRef reference && depth++ < MaxDepth)
        {
            value = Load(reference.Number);
        }
        return value;
    }

    private object? Load(int number)
    {
        if (!_xref.TryGetValue(number, out var location))
        {
            return null;
        }
        if (location.StreamNumber == 0)
        {
            var lexer = new Lexer(_stream, location.Offset);
            lexer.Next();
            lexer.Next();
            if (lexer.Next() is not Keyword("obj"))
            {
                throw new InvalidPdfException($"Object {number} is not where the cross-reference table says.");
            }
            return ReadObjectBody(lexer);
        }
        if (!_objectStreams.TryGetValue(location.StreamNumber, out var objects))
        {
            objects = ReadObjectStream(location.StreamNumber);
            _objectStreams[location.StreamNumber] = objects;
        }
        return location.Index < objects.Count ? objects[location.Index] : null;
    }

    private object? ReadObjectBody(Lexer lexer)
    {
        var value = lexer.ReadObject();
        if (value is Dictionary<string, object?> dictionary && lexer.PeekKeyword("stream"))
        {
            return new PdfStream(dictionary, lexer.StreamDataOffset());
        }
        return value;
    }

    private List<object?> ReadObjectStream(int number)
    {
        if (Load(number) is not PdfStream stream)
        {
            throw new InvalidPdfException($"Object stream {number} is missing.");
        }
        var data = Decode(stream);
        var count = (int)Number(stream.Dictionary.GetValueOrDefault("N"));
        var first = (long)Number(stream.Dictionary.GetValueOrDefault("First"));
        using var memory = new MemoryStream(data);
        var header = new Lexer(memory, 0);
        var offsets = new List<long>();
        for (var i = 0; i < count; i++)
        {
            header.Next();
            offsets.Add(Convert.ToInt64(header.Next(), CultureInfo.InvariantCulture));
        }
        return [.. offsets.Select(o => new Lexer(memory, first + o).ReadObject())];
    }

    public bool IsEncrypted => Trailer.ContainsKey("Encrypt");

    /// <summary>A stream's data as stored, still encoded by its filters.</summary>
    public byte[] ReadRaw(PdfStream stream)
    {
        var length = (long)Number(Resolve(stream.Dictionary.GetValueOrDefault("Length")));
        _stream.Position = stream.DataOffset;
        var raw = new byte[length];
        _stream.ReadExactly(raw);
        return raw;
    }

    /// <summary>A page attribute, looked up the page tree when the page inherits it (Resources, MediaBox, CropBox, Rotate).</summary>
    public object? Inherited(PdfRef page, string key)
    {
        object? node = page;
        for (var depth = 0; depth < MaxDepth && Resolve(node) is Dictionary<string, object?> dictionary; depth++)
        {
            if (dictionary.TryGetValue(key, out var value))
            {
                return value;
            }
            node = dictionary.GetValueOrDefault("Parent");
        }
        return null;
    }

    /// <summary>A stream's data, inflated when it is Deflate-compressed (with PNG predictors undone).</summary>
    public byte[] Decode(PdfStream stream)
    {
        var raw = ReadRaw(stream);
        var filter = Resolve(stream.Dictionary.GetValueOrDefault("Filter"));
        if (filter is List<object?> { Count: 1 } single)
        {
            filter = single[0];
        }
        if (filter is null)
        {
            return raw;
        }
        if (filter is not PdfName { Value: "FlateDecode" })
        {
            throw new InvalidPdfException("A cross-reference or object stream uses a filter other than FlateDecode.");
        }
        using var inflated = new MemoryStream();
        using (var z = new ZLibStream(new MemoryStream(raw), CompressionMode.Decompress))
        {
            z.CopyTo(inflated);
        }
        var data = inflated.ToArray();
        if (Resolve(stream.Dictionary.GetValueOrDefault("DecodeParms")) is Dictionary<string, object?> parms && Number(parms.GetValueOrDefault("Predictor")) >= 10)
        {
            var columns = (int)Math.Max(1, Number(parms.GetValueOrDefault("Columns")));
            data = UndoPngPredictor(data, columns);
        }
        return data;
    }

    private static byte[] UndoPngPredictor(byte[] data, int columns)
    {
        var rows = data.Length / (columns + 1);
        var result = new byte[rows * columns];
        var previous = new byte[columns];
        for (var r = 0; r < rows; r++)
        {
            var filter = data[r * (columns + 1)];
            for (var c = 0; c < columns; c++)
            {
                var x = data[r * (columns + 1) + 1 + c];
                int a = c > 0 ? result[r * columns + c - 1] : 0, b = previous[c], up = c > 0 ? previous[c - 1] : 0;
                result[r * columns + c] = (byte)(x + filter switch { 1 => a, 2 => b, 3 => (a + b) / 2, 4 => Paeth(a, b, up), _ => 0 });
            }
            Array.Copy(result, r * columns, previous, 0, columns);
        }
        return result;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private void ReadCrossReferences()
    {
        var tailLength = (int)Math.Min(_stream.Length, 2048);
        _stream.Position = _stream.Length - tailLength;
        var tail = new byte[tailLength];
        _stream.ReadExactly(tail);
        var at = tail.AsSpan().LastIndexOf("startxref"u8);
        if (at < 0)
        {
            throw new InvalidPdfException("No startxref at the end of the file.");
        }
        var lexer = new Lexer(_stream, _stream.Length - tailLength + at + 9);
        StartXref = Convert.ToInt64(lexer.Next(), CultureInfo.InvariantCulture);
        var seen = new HashSet<long>();
        long? next = StartXref;
        var first = true;
        while (next is { } offset && seen.Add(offset))
        {
            var trailer = ReadSection(offset);
            if (first)
            {
                Trailer = trailer;
                first = false;
            }
            if (trailer.GetValueOrDefault("XRefStm") is long hybrid && seen.Add(hybrid))
            {
                ReadSection(hybrid);
            }
            next = trailer.GetValueOrDefault("Prev") is long prev ? prev : null;
        }
    }

    /// <summary>Reads one cross-reference section (table or stream); entries already known from a newer section win.</summary>
    private Dictionary<string, object?> ReadSection(long offset)
    {
        var lexer = new Lexer(_stream, offset);
        var token = lexer.Next();
        if (token is Keyword("xref"))
        {
            while (true)
            {
                var start = lexer.Next();
                if (start is Keyword("trailer"))
                {
                    return lexer.ReadObject() as Dictionary<string, object?> ?? throw new InvalidPdfException("The trailer is not a dictionary.");
                }
                var count = Convert.ToInt32(lexer.Next(), CultureInfo.InvariantCulture);
                var number = Convert.ToInt32(start, CultureInfo.InvariantCulture);
                for (var i = 0; i < count; i++, number++)
                {
                    var entryOffset = Convert.ToInt64(lexer.Next(), CultureInfo.InvariantCulture);
                    lexer.Next();
                    var kind = lexer.Next();
                    if (kind is Keyword("n") && !_xref.ContainsKey(number))
                    {
                        _xref[number] = (entryOffset, 0, 0);
                    }
                    else if (kind is Keyword("f"))
                    {
                        _xref.TryAdd(number, (0, -1, 0));
                    }
                }
            }
        }
        lexer.Next();
        lexer.Next();
        if (ReadObjectBody(lexer) is not PdfStream stream || (stream.Dictionary.GetValueOrDefault("Type") as PdfName)?.Value != "XRef")
        {
            throw new InvalidPdfException("startxref points at neither a cross-reference table nor stream.");
        }
        var widths = ((List<object?>)stream.Dictionary["W"]!).Select(w => (int)Number(w)).ToArray();
        var index = stream.Dictionary.GetValueOrDefault("Index") is List<object?> ranges
            ? ranges.Select(r => (long)Number(r)).ToArray()
            : [0, (long)Number(stream.Dictionary.GetValueOrDefault("Size"))];
        var data = Decode(stream);
        var rowLength = widths.Sum();
        var position = 0;
        for (var r = 0; r + 1 < index.Length; r += 2)
        {
            for (var number = (int)index[r]; number < index[r] + index[r + 1] && position + rowLength <= data.Length; number++)
            {
                var fields = new long[3];
                for (var f = 0; f < 3; f++)
                {
                    fields[f] = f == 0 && widths[0] == 0 ? 1 : 0;
                    for (var b = 0; b < widths[f]; b++)
                    {
                        fields[f] = (fields[f] << 8) | data[position++];
                    }
                }
                if (_xref.ContainsKey(number))
                {
                    continue;
                }
                _xref[number] = fields[0] switch
                {
                    1 => (fields[1], 0, 0),
                    2 => (0, (int)fields[1], (int)fields[2]),
                    _ => (0, -1, 0),
                };
            }
        }
        return stream.Dictionary;
    }

    /// <summary>A bare keyword: obj, stream, R, true, n, trailer…</summary>
    private sealed record Keyword(string Value);

    /// <summary>PDF's tokens and objects, read from a position of a seekable stream through a small buffer.</summary>
    private sealed class Lexer(Stream stream, long position)
    {
        private long _position = position;
        private readonly byte[] _buffer = new byte[4096];
        private long _bufferStart = -1;
        private int _bufferLength;

        private int Peek()
        {
            if (_bufferStart < 0 || _position < _bufferStart || _position >= _bufferStart + _bufferLength)
            {
                stream.Position = _position;
                _bufferStart = _position;
                _bufferLength = stream.ReadAtLeast(_buffer, _buffer.Length, throwOnEndOfStream: false);
                if (_bufferLength == 0)
                {
                    return -1;
                }
            }
            return _buffer[_position - _bufferStart];
        }

        private int Read()
        {
            var b = Peek();
            if (b >= 0)
            {
                _position++;
            }
            return b;
        }

        private static bool IsWhite(int b) => b is 0 or 9 or 10 or 12 or 13 or 32;

        private static bool IsDelimiter(int b) => b is '(' or ')' or '<' or '>' or '[' or ']' or '{' or '}' or '/' or '%';

        private void SkipWhite()
        {
            while (true)
            {
                var b = Peek();
                if (IsWhite(b))
                {
                    _position++;
                }
                else if (b == '%')
                {
                    while (Peek() is not (-1 or 10 or 13))
                    {
                        _position++;
                    }
                }
                else
                {
                    return;
                }
            }
        }

        public bool PeekKeyword(string keyword)
        {
            var saved = _position;
            var token = Next();
            if (token is Keyword k && k.Value == keyword)
            {
                return true;
            }
            _position = saved;
            return false;
        }

        /// <summary>After the <c>stream</c> keyword: skips its end of line and answers where the data begins.</summary>
        public long StreamDataOffset()
        {
            if (Peek() == 13)
            {
                _position++;
            }
            if (Peek() == 10)
            {
                _position++;
            }
            return _position;
        }

        public object? Next()
        {
            SkipWhite();
            var b = Read();
            switch (b)
            {
                case -1:
                    throw new EndOfStreamException("The PDF ends in the middle of an object.");
                case '/':
                    return new PdfName(ReadRegular());
                case '(':
                    return ReadLiteral();
                case '[' or ']' or '{' or '}':
                    return new Keyword(((char)b).ToString());
                case '<':
                    if (Peek() == '<')
                    {
                        _position++;
                        return new Keyword("<<");
                    }
                    return ReadHex();
                case '>':
                    if (Peek() == '>')
                    {
                        _position++;
                    }
                    return new Keyword(">>");
            }
            _position--;
            var word = ReadRegular();
            if (word.Length == 0)
            {
                _position++;
                return new Keyword(((char)b).ToString());
            }
            if (long.TryParse(word, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            {
                return integer;
            }
            if (double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
            {
                return real;
            }
            return new Keyword(word);
        }

        private string ReadRegular()
        {
            var text = new StringBuilder();
            while (Peek() is var b and >= 0 && !IsWhite(b) && !IsDelimiter(b))
            {
                text.Append((char)b);
                _position++;
            }
            return text.ToString();
        }

        private byte[] ReadLiteral()
        {
            var bytes = new List<byte>();
            var depth = 1;
            while (true)
            {
                var b = Read();
                if (b == -1)
                {
                    throw new EndOfStreamException("An unterminated string.");
                }
                if (b == '\\')
                {
                    var e = Read();
                    bytes.Add(e switch { 'n' => 10, 'r' => 13, 't' => 9, 'b' => 8, 'f' => 12, _ => (byte)e });
                    continue;
                }
                depth += b == '(' ? 1 : b == ')' ? -1 : 0;
                if (depth == 0)
                {
                    return [.. bytes];
                }
                bytes.Add((byte)b);
            }
        }

        private byte[] ReadHex()
        {
            var digits = new StringBuilder();
            int b;
            while ((b = Read()) is not (-1 or '>'))
            {
                if (Uri.IsHexDigit((char)b))
                {
                    digits.Append((char)b);
                }
            }
            if (digits.Length % 2 == 1)
            {
                digits.Append('0');
            }
            return Convert.FromHexString(digits.ToString());
        }

        public object? ReadObject() => Complete(Next());

        private object? Complete(object? token)
        {
            switch (token)
            {
                case Keyword { Value: "<<" }:
                    var dictionary = new Dictionary<string, object?>(StringComparer.Ordinal);
                    while (true)
                    {
                        var key = Next();
                        if (key is Keyword { Value: ">>" })
                        {
                            return dictionary;
                        }
                        if (key is not PdfName name)
                        {
                            throw new InvalidPdfException("A dictionary key is not a name.");
                        }
                        dictionary[name.Value] = ReadObject();
                    }
                case Keyword { Value: "[" }:
                    var array = new List<object?>();
                    while (true)
                    {
                        var item = Next();
                        if (item is Keyword { Value: "]" })
                        {
                            return array;
                        }
                        array.Add(Complete(item));
                    }
                case long number:
                    var saved = _position;
                    if (Next() is long generation && Next() is Keyword { Value: "R" })
                    {
                        return new PdfRef((int)number, (int)generation);
                    }
                    _position = saved;
                    return number;
                case Keyword { Value: "true" }:
                    return true;
                case Keyword { Value: "false" }:
                    return false;
                case Keyword { Value: "null" }:
                    return null;
                default:
                    return token;
            }
        }
    }
}
