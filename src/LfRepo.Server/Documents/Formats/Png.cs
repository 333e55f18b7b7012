using System.Buffers.Binary;
using System.IO.Compression;

namespace LfRepo.Server.Documents.Formats;

/// <summary>PNG reading (non-interlaced, every colour type and depth) and writing (8-bit gray or RGB).</summary>
public static class Png
{
    public static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static Raster Decode(Stream stream)
    {
        var header = new byte[8];
        stream.ReadExactly(header);
        if (!header.AsSpan().SequenceEqual(Signature))
        {
            throw new InvalidImageException("Not a PNG file.");
        }
        int width = 0, height = 0, depth = 0, colorType = 0;
        byte[]? palette = null;
        using var idat = new MemoryStream();
        var lengthAndType = new byte[8];
        while (true)
        {
            stream.ReadExactly(lengthAndType);
            var length = BinaryPrimitives.ReadInt32BigEndian(lengthAndType);
            var type = System.Text.Encoding.ASCII.GetString(lengthAndType, 4, 4);
            if (length < 0)
            {
                throw new InvalidImageException("PNG chunk length out of range.");
            }
            var data = new byte[length];
            stream.ReadExactly(data);
            stream.ReadExactly(new byte[4]);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(4));
                    depth = data[8];
                    colorType = data[9];
                    if (data[12] != 0)
                    {
                        throw new UnsupportedImageException("interlaced PNG images");
                    }
                    break;
                case "PLTE":
                    palette = data;
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
                case "IEND":
                    idat.Position = 0;
                    return Unfilter(idat, width, height, depth, colorType, palette);
            }
        }
    }

    private static Raster Unfilter(Stream idat, int width, int height, int depth, int colorType, byte[]? palette)
    {
        var samples = colorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => throw new InvalidImageException($"PNG colour type {colorType}.") };
        var bitsPerPixel = samples * depth;
        var rowBytes = (width * bitsPerPixel + 7) / 8;
        var bpp = Math.Max(1, bitsPerPixel / 8);
        // The zlib header is read by hand and the Adler-32 trailer left unchecked, as browsers and libpng's
        // defaults do: encoders that get the checksum wrong still make PNGs clients expect to be read.
        var (cmf, flags) = (idat.ReadByte(), idat.ReadByte());
        if ((cmf & 0x0F) != 8 || flags < 0 || ((cmf << 8) | flags) % 31 != 0 || (flags & 0x20) != 0)
        {
            throw new InvalidImageException("PNG image data is not zlib-deflated.");
        }
        using var z = new DeflateStream(idat, CompressionMode.Decompress);
        var previous = new byte[rowBytes];
        var current = new byte[rowBytes];
        var outChannels = colorType is 0 or 4 ? 1 : 3;
        var pixels = new byte[width * height * outChannels];
        for (var y = 0; y < height; y++)
        {
            var filter = z.ReadByte();
            z.ReadExactly(current);
            for (var i = 0; i < rowBytes; i++)
            {
                int a = i >= bpp ? current[i - bpp] : 0, b = previous[i], c = i >= bpp ? previous[i - bpp] : 0;
                current[i] = (byte)(current[i] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidImageException($"PNG filter {filter}."),
                });
            }
            for (var x = 0; x < width; x++)
            {
                var o = (y * width + x) * outChannels;
                switch (colorType)
                {
                    case 0:
                        pixels[o] = Sample(current, x, depth);
                        break;
                    case 3:
                        var index = SampleRaw(current, x, depth) * 3;
                        if (palette is null || index + 2 >= palette.Length)
                        {
                            throw new InvalidImageException("PNG palette index out of range.");
                        }
                        pixels[o] = palette[index];
                        pixels[o + 1] = palette[index + 1];
                        pixels[o + 2] = palette[index + 2];
                        break;
                    case 2:
                        for (var s = 0; s < 3; s++) pixels[o + s] = Sample(current, x * 3 + s, depth);
                        break;
                    case 4:
                        pixels[o] = OnWhite(Sample(current, x * 2, depth), Sample(current, x * 2 + 1, depth));
                        break;
                    case 6:
                        var alpha = Sample(current, x * 4 + 3, depth);
                        for (var s = 0; s < 3; s++) pixels[o + s] = OnWhite(Sample(current, x * 4 + s, depth), alpha);
                        break;
                }
            }
            (previous, current) = (current, previous);
        }
        return new Raster(width, height, outChannels, pixels);
    }

    private static byte OnWhite(byte value, byte alpha) => (byte)((value * alpha + 255 * (255 - alpha)) / 255);

    private static int SampleRaw(byte[] row, int index, int depth) => depth switch
    {
        8 => row[index],
        16 => row[index * 2],
        _ => (row[index * depth / 8] >> (8 - depth - index * depth % 8)) & ((1 << depth) - 1),
    };

    private static byte Sample(byte[] row, int index, int depth) =>
        depth >= 8 ? (byte)SampleRaw(row, index, depth) : (byte)(SampleRaw(row, index, depth) * 255 / ((1 << depth) - 1));

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    public static void Encode(Raster raster, Stream output)
    {
        output.Write(Signature);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, raster.Width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), raster.Height);
        ihdr[8] = 8;
        ihdr[9] = raster.Channels == 1 ? (byte)0 : (byte)2;
        WriteChunk(output, "IHDR", ihdr);
        using (var compressed = new MemoryStream())
        {
            using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                for (var y = 0; y < raster.Height; y++)
                {
                    z.WriteByte(0);
                    z.Write(raster.Pixels, y * raster.Stride, raster.Stride);
                }
            }
            WriteChunk(output, "IDAT", compressed.ToArray());
        }
        WriteChunk(output, "IEND", []);
    }

    private static void WriteChunk(Stream output, string type, byte[] data)
    {
        var head = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(head, data.Length);
        System.Text.Encoding.ASCII.GetBytes(type, head.AsSpan(4));
        output.Write(head);
        output.Write(data);
        var crc = Crc32.Update(Crc32.Update(0xFFFFFFFF, head.AsSpan(4)), data) ^ 0xFFFFFFFF;
        var tail = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(tail, crc);
        output.Write(tail);
    }
}

/// <summary>The CRC-32 of PNG chunks (and zip, which System.IO.Compression computes itself).</summary>
public static class Crc32
{
    private static readonly uint[] Table = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        }
        return c;
    }).ToArray();

    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }
        return crc;
    }
}
