using System.Buffers.Binary;
using System.IO.Compression;

namespace LfRepo.Server.Documents.Formats;

/// <summary>One image file directory of a TIFF: the frame's tags, values widened to longs.</summary>
public sealed class TiffFrame(Dictionary<int, long[]> tags)
{
    public Dictionary<int, long[]> Tags { get; } = tags;

    public int Width => (int)Tag(256);

    public int Height => (int)Tag(257);

    public long Tag(int tag, long fallback = 0) => Tags.TryGetValue(tag, out var v) && v.Length > 0 ? v[0] : fallback;
}

/// <summary>
/// TIFF reading (frames; strips uncompressed, Deflate or PackBits; gray, RGB or palette at 8 bits, bilevel at 1)
/// and writing (multi-page, Deflate-compressed, 8-bit gray or RGB).
/// </summary>
public static class Tiff
{
    private const int MaxFrames = 10_000;

    public static bool IsTiff(ReadOnlySpan<byte> head) =>
        head.Length >= 4 && ((head[0] == 'I' && head[1] == 'I' && head[2] == 42 && head[3] == 0) || (head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 42));

    public static List<TiffFrame> ReadFrames(Stream stream)
    {
        var reader = new Reader(stream);
        var frames = new List<TiffFrame>();
        var offset = reader.U32(4);
        var seen = new HashSet<long>();
        while (offset != 0 && frames.Count < MaxFrames && seen.Add(offset))
        {
            var count = reader.U16(offset);
            var tags = new Dictionary<int, long[]>();
            for (var i = 0; i < count; i++)
            {
                var at = offset + 2 + i * 12;
                var tag = reader.U16(at);
                var type = reader.U16(at + 2);
                var n = reader.U32(at + 4);
                var size = type switch { 1 or 2 or 6 or 7 => 1, 3 or 8 => 2, 4 or 9 or 11 => 4, 5 or 10 or 12 => 8, _ => 0 };
                if (size == 0 || n > 1_000_000)
                {
                    continue;
                }
                var valueAt = size * n <= 4 ? at + 8 : reader.U32(at + 8);
                var values = new long[(int)n];
                for (var k = 0; k < n; k++)
                {
                    values[k] = size switch
                    {
                        1 => reader.U8(valueAt + k),
                        2 => reader.U16(valueAt + k * 2),
                        4 => reader.U32(valueAt + k * 4),
                        _ => reader.U32(valueAt + k * 8),
                    };
                }
                tags[(int)tag] = values;
            }
            var frame = new TiffFrame(tags);
            if (frame.Width <= 0 || frame.Height <= 0)
            {
                throw new InvalidImageException("A TIFF frame without width or height.");
            }
            frames.Add(frame);
            offset = reader.U32(offset + 2 + count * 12);
        }
        if (frames.Count == 0)
        {
            throw new InvalidImageException("A TIFF file without frames.");
        }
        return frames;
    }

    public static Raster Decode(Stream stream, TiffFrame frame)
    {
        var compression = frame.Tag(259, 1);
        var photometric = frame.Tag(262, 1);
        var bits = frame.Tag(258, 1);
        var samples = (int)frame.Tag(277, 1);
        if (compression is not (1 or 8 or 32946 or 32773))
        {
            throw new UnsupportedImageException($"TIFF compression {compression}");
        }
        if (bits is not (1 or 8) || (bits == 1 && samples != 1) || frame.Tag(284, 1) != 1)
        {
            throw new UnsupportedImageException($"TIFF images with {bits}-bit samples or planar configuration");
        }
        int width = frame.Width, height = frame.Height;
        var rowBytes = (int)((width * samples * bits + 7) / 8);
        var rowsPerStrip = (int)Math.Min(height, frame.Tag(278, height));
        var offsets = frame.Tags.GetValueOrDefault(273) ?? throw new InvalidImageException("A TIFF frame without strips.");
        var counts = frame.Tags.GetValueOrDefault(279) ?? throw new InvalidImageException("A TIFF frame without strip sizes.");
        var raw = new byte[(long)rowBytes * height];
        var filled = 0;
        for (var s = 0; s < offsets.Length && filled < raw.Length; s++)
        {
            var strip = new byte[counts[s]];
            stream.Position = offsets[s];
            stream.ReadExactly(strip);
            var expected = Math.Min(raw.Length - filled, rowBytes * rowsPerStrip);
            var decoded = compression switch
            {
                1 => strip,
                32773 => PackBits(strip, expected),
                _ => Inflate(strip, expected),
            };
            var n = Math.Min(expected, decoded.Length);
            Array.Copy(decoded, 0, raw, filled, n);
            filled += expected;
        }
        var channels = photometric is 2 or 3 ? 3 : 1;
        var pixels = new byte[width * height * channels];
        var colorMap = frame.Tags.GetValueOrDefault(320);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var o = (y * width + x) * channels;
                var row = y * rowBytes;
                if (bits == 1)
                {
                    var on = (raw[row + x / 8] >> (7 - x % 8) & 1) == 1;
                    pixels[o] = (byte)(on == (photometric == 1) ? 255 : 0);
                }
                else if (photometric == 3)
                {
                    var index = raw[row + x];
                    if (colorMap is null || colorMap.Length < 768)
                    {
                        throw new InvalidImageException("A palette TIFF without a colour map.");
                    }
                    pixels[o] = (byte)(colorMap[index] >> 8);
                    pixels[o + 1] = (byte)(colorMap[256 + index] >> 8);
                    pixels[o + 2] = (byte)(colorMap[512 + index] >> 8);
                }
                else if (photometric == 2)
                {
                    for (var c = 0; c < 3; c++) pixels[o + c] = raw[row + x * samples + c];
                }
                else
                {
                    var v = raw[row + x * samples];
                    pixels[o] = photometric == 0 ? (byte)(255 - v) : v;
                }
            }
        }
        return new Raster(width, height, channels, pixels);
    }

    private static byte[] Inflate(byte[] data, int expected)
    {
        using var z = new ZLibStream(new MemoryStream(data), CompressionMode.Decompress);
        var result = new byte[expected];
        z.ReadAtLeast(result, expected, throwOnEndOfStream: false);
        return result;
    }

    private static byte[] PackBits(byte[] data, int expected)
    {
        var result = new byte[expected];
        int i = 0, o = 0;
        while (i < data.Length && o < expected)
        {
            var n = (sbyte)data[i++];
            if (n >= 0)
            {
                var count = Math.Min(n + 1, Math.Min(expected - o, data.Length - i));
                Array.Copy(data, i, result, o, count);
                i += n + 1;
                o += count;
            }
            else if (n != -128 && i < data.Length)
            {
                var count = Math.Min(1 - n, expected - o);
                Array.Fill(result, data[i++], o, count);
                o += count;
            }
        }
        return result;
    }

    /// <summary>
    /// Writes the rasters as the frames of one little-endian TIFF, each a single Deflate strip, front to back (the
    /// output need not seek: a zip entry will do). Each frame is its directory, its out-of-line values, its strip.
    /// </summary>
    public static void Write(Stream output, IEnumerable<Raster> rasters)
    {
        const int entryCount = 12;
        const int ifdSize = 2 + entryCount * 12 + 4;
        const int extraSize = 6 + 8;
        output.Write("II*\0"u8);
        long position = 8;
        WriteU32(output, (uint)position);
        using var frames = rasters.Select(r => (Raster: r, Strip: Compress(r.Pixels))).GetEnumerator();
        var hasCurrent = frames.MoveNext();
        while (hasCurrent)
        {
            var (raster, strip) = frames.Current;
            var hasNext = frames.MoveNext();
            var extraAt = position + ifdSize;
            var stripAt = extraAt + extraSize;
            var end = stripAt + strip.Length + (strip.Length & 1);
            var entries = new (ushort Tag, ushort Type, uint Count, uint Value)[]
            {
                (256, 4, 1, (uint)raster.Width),
                (257, 4, 1, (uint)raster.Height),
                (258, 3, (uint)raster.Channels, raster.Channels == 3 ? (uint)extraAt : 8),
                (259, 3, 1, 8),
                (262, 3, 1, raster.Channels == 3 ? 2u : 1u),
                (273, 4, 1, (uint)stripAt),
                (277, 3, 1, (uint)raster.Channels),
                (278, 4, 1, (uint)raster.Height),
                (279, 4, 1, (uint)strip.Length),
                (282, 5, 1, (uint)extraAt + 6),
                (283, 5, 1, (uint)extraAt + 6),
                (296, 3, 1, 2),
            };
            var ifd = new byte[ifdSize];
            BinaryPrimitives.WriteUInt16LittleEndian(ifd, entryCount);
            for (var i = 0; i < entries.Length; i++)
            {
                var e = entries[i];
                var at = 2 + i * 12;
                BinaryPrimitives.WriteUInt16LittleEndian(ifd.AsSpan(at), e.Tag);
                BinaryPrimitives.WriteUInt16LittleEndian(ifd.AsSpan(at + 2), e.Type);
                BinaryPrimitives.WriteUInt32LittleEndian(ifd.AsSpan(at + 4), e.Count);
                if (e.Type == 3 && e.Count == 1)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(ifd.AsSpan(at + 8), (ushort)e.Value);
                }
                else
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(ifd.AsSpan(at + 8), e.Value);
                }
            }
            BinaryPrimitives.WriteUInt32LittleEndian(ifd.AsSpan(ifdSize - 4), hasNext ? (uint)end : 0);
            output.Write(ifd);
            output.Write([8, 0, 8, 0, 8, 0, 72, 0, 0, 0, 1, 0, 0, 0]);
            output.Write(strip);
            if ((strip.Length & 1) == 1)
            {
                output.WriteByte(0);
            }
            position = end;
            hasCurrent = hasNext;
        }
    }

    private static byte[] Compress(byte[] pixels)
    {
        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(pixels);
        }
        return compressed.ToArray();
    }

    private static void WriteU32(Stream output, uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        output.Write(bytes);
    }

    private sealed class Reader(Stream stream)
    {
        private readonly bool _little = ReadOrder(stream);

        private static bool ReadOrder(Stream stream)
        {
            stream.Position = 0;
            var head = new byte[4];
            stream.ReadExactly(head);
            if (!IsTiff(head))
            {
                throw new InvalidImageException("Not a TIFF file.");
            }
            return head[0] == 'I';
        }

        private byte[] Bytes(long at, int n)
        {
            if (at < 0 || at + n > stream.Length)
            {
                throw new InvalidImageException("A TIFF offset points outside the file.");
            }
            stream.Position = at;
            var b = new byte[n];
            stream.ReadExactly(b);
            return b;
        }

        public long U8(long at) => Bytes(at, 1)[0];

        public long U16(long at) => _little ? BinaryPrimitives.ReadUInt16LittleEndian(Bytes(at, 2)) : BinaryPrimitives.ReadUInt16BigEndian(Bytes(at, 2));

        public long U32(long at) => _little ? BinaryPrimitives.ReadUInt32LittleEndian(Bytes(at, 4)) : BinaryPrimitives.ReadUInt32BigEndian(Bytes(at, 4));
    }
}
