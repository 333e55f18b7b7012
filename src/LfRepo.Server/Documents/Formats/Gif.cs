using System.Buffers.Binary;

namespace LfRepo.Server.Documents.Formats;

/// <summary>GIF: the first frame, LZW-decoded, placed on its logical screen (transparent pixels white).</summary>
public static class Gif
{
    public static Raster Decode(Stream stream)
    {
        stream.Position = 0;
        var header = new byte[13];
        stream.ReadExactly(header);
        if (header[0] != 'G' || header[1] != 'I' || header[2] != 'F')
        {
            throw new InvalidImageException("Not a GIF file.");
        }
        int width = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(6)), height = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(8));
        byte[]? globalTable = (header[10] & 0x80) != 0 ? ReadBytes(stream, 3 << ((header[10] & 7) + 1)) : null;
        var transparent = -1;
        while (true)
        {
            var block = stream.ReadByte();
            switch (block)
            {
                case 0x21:
                    var label = stream.ReadByte();
                    var data = ReadSubBlocks(stream);
                    if (label == 0xF9 && data.Length >= 4 && (data[0] & 1) != 0)
                    {
                        transparent = data[3];
                    }
                    break;
                case 0x2C:
                    return DecodeImage(stream, width, height, globalTable, transparent);
                default:
                    throw new InvalidImageException("A GIF file without an image.");
            }
        }
    }

    private static Raster DecodeImage(Stream stream, int width, int height, byte[]? globalTable, int transparent)
    {
        var descriptor = ReadBytes(stream, 9);
        int left = BinaryPrimitives.ReadUInt16LittleEndian(descriptor), top = BinaryPrimitives.ReadUInt16LittleEndian(descriptor.AsSpan(2));
        int frameWidth = BinaryPrimitives.ReadUInt16LittleEndian(descriptor.AsSpan(4)), frameHeight = BinaryPrimitives.ReadUInt16LittleEndian(descriptor.AsSpan(6));
        var table = (descriptor[8] & 0x80) != 0 ? ReadBytes(stream, 3 << ((descriptor[8] & 7) + 1)) : globalTable
            ?? throw new InvalidImageException("A GIF image without a colour table.");
        var interlaced = (descriptor[8] & 0x40) != 0;
        var minimumCodeSize = stream.ReadByte();
        if (minimumCodeSize is < 1 or > 11)
        {
            throw new InvalidImageException("A GIF image with a bad LZW code size.");
        }
        var indices = Lzw(ReadSubBlocks(stream), minimumCodeSize, frameWidth * frameHeight);

        var pixels = new byte[width * height * 3];
        Array.Fill(pixels, (byte)255);
        var rows = interlaced ? InterlacedRows(frameHeight) : Enumerable.Range(0, frameHeight);
        var source = 0;
        foreach (var row in rows)
        {
            for (var x = 0; x < frameWidth; x++, source++)
            {
                int px = left + x, py = top + row;
                var index = indices[source];
                if (px >= width || py >= height || index == transparent || index * 3 + 2 >= table.Length)
                {
                    continue;
                }
                var o = (py * width + px) * 3;
                pixels[o] = table[index * 3];
                pixels[o + 1] = table[index * 3 + 1];
                pixels[o + 2] = table[index * 3 + 2];
            }
        }
        return new Raster(width, height, 3, pixels);
    }

    private static IEnumerable<int> InterlacedRows(int height)
    {
        foreach (var (start, step) in new[] { (0, 8), (4, 8), (2, 4), (1, 2) })
        {
            for (var y = start; y < height; y += step)
            {
                yield return y;
            }
        }
    }

    /// <summary>Variable-width LZW as GIF uses it: codes packed least significant bit first, at most 12 bits.</summary>
    private static byte[] Lzw(byte[] data, int minimumCodeSize, int count)
    {
        var output = new byte[count];
        var written = 0;
        int clear = 1 << minimumCodeSize, end = clear + 1;
        var prefix = new int[4096];
        var suffix = new byte[4096];
        var lengths = new int[4096];
        for (var i = 0; i < clear; i++)
        {
            suffix[i] = (byte)i;
            lengths[i] = 1;
        }
        int codeSize = minimumCodeSize + 1, next = end + 1, previous = -1;
        long bitBuffer = 0;
        var bits = 0;
        var stack = new byte[4097];
        foreach (var b in data)
        {
            bitBuffer |= (long)b << bits;
            bits += 8;
            while (bits >= codeSize && written < count)
            {
                var code = (int)(bitBuffer & ((1 << codeSize) - 1));
                bitBuffer >>= codeSize;
                bits -= codeSize;
                if (code == clear)
                {
                    codeSize = minimumCodeSize + 1;
                    next = end + 1;
                    previous = -1;
                    continue;
                }
                if (code == end)
                {
                    return output;
                }
                int entry;
                if (code < next && (code < clear || code > end))
                {
                    entry = code;
                }
                else if (code == next && previous >= 0)
                {
                    entry = -1;
                }
                else
                {
                    throw new InvalidImageException("A GIF image with a bad LZW code.");
                }
                var first = entry >= 0 ? FirstOf(entry, prefix, suffix, clear) : FirstOf(previous, prefix, suffix, clear);
                if (previous >= 0 && next < 4096)
                {
                    prefix[next] = previous;
                    suffix[next] = first;
                    lengths[next] = lengths[previous] + 1;
                    next++;
                    if (next == 1 << codeSize && codeSize < 12)
                    {
                        codeSize++;
                    }
                }
                var current = entry >= 0 ? entry : next - 1;
                var length = 0;
                for (var c = current; ; c = prefix[c])
                {
                    stack[length++] = suffix[c];
                    if (c < clear)
                    {
                        break;
                    }
                }
                while (length > 0 && written < count)
                {
                    output[written++] = stack[--length];
                }
                previous = current;
            }
        }
        return output;
    }

    private static byte FirstOf(int code, int[] prefix, byte[] suffix, int clear)
    {
        while (code >= clear)
        {
            code = prefix[code];
        }
        return suffix[code];
    }

    private static byte[] ReadSubBlocks(Stream stream)
    {
        using var data = new MemoryStream();
        int size;
        while ((size = stream.ReadByte()) > 0)
        {
            data.Write(ReadBytes(stream, size));
        }
        if (size < 0)
        {
            throw new InvalidImageException("A truncated GIF file.");
        }
        return data.ToArray();
    }

    private static byte[] ReadBytes(Stream stream, int count)
    {
        var bytes = new byte[count];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
