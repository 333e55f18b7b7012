using System.Buffers.Binary;
using System.IO.Compression;

namespace LfRepo.Server.Documents.Imaging;

/// <summary>
/// Rewrites a PNG whose chunk CRCs or zlib checksum are wrong but whose data is whole, as Laserfiche accepts such
/// files (clients' hand-made test images often carry made-up checksums) while libpng refuses them: each chunk gets
/// its CRC again and the image data a fresh zlib stream of what its deflate data holds.
/// </summary>
public static class PngRepair
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The repaired file, or null when <paramref name="png"/> is not a PNG whose chunks and deflate data are whole.</summary>
    public static byte[]? TryRepair(ReadOnlySpan<byte> png)
    {
        if (png.Length < Signature.Length + 12 || !png[..Signature.Length].SequenceEqual(Signature))
        {
            return null;
        }
        var chunks = new List<(string Type, byte[] Data)>();
        using var idat = new MemoryStream();
        var position = Signature.Length;
        var ended = false;
        while (!ended)
        {
            if (position + 12 > png.Length)
            {
                return null;
            }
            var length = BinaryPrimitives.ReadUInt32BigEndian(png[position..]);
            if (length > png.Length - position - 12)
            {
                return null;
            }
            var type = System.Text.Encoding.ASCII.GetString(png.Slice(position + 4, 4));
            var data = png.Slice(position + 8, (int)length);
            if (type == "IDAT")
            {
                idat.Write(data);
            }
            else
            {
                chunks.Add((type, data.ToArray()));
            }
            ended = type == "IEND";
            position += 12 + (int)length;
        }
        var pixels = Inflate(idat.ToArray());
        if (pixels is null || chunks.Count == 0 || chunks[0].Type != "IHDR")
        {
            return null;
        }

        using var output = new MemoryStream();
        output.Write(Signature);
        foreach (var (type, data) in chunks)
        {
            if (type == "IEND")
            {
                WriteChunk(output, "IDAT", Deflate(pixels));
            }
            WriteChunk(output, type, data);
        }
        return output.ToArray();
    }

    /// <summary>The deflate data after the two-byte zlib header, read without checking the zlib checksum.</summary>
    private static byte[]? Inflate(byte[] zlib)
    {
        if (zlib.Length < 3)
        {
            return null;
        }
        try
        {
            using var inflater = new DeflateStream(new MemoryStream(zlib, 2, zlib.Length - 2), CompressionMode.Decompress);
            using var result = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = inflater.Read(buffer)) > 0)
            {
                result.Write(buffer, 0, read);
                if (result.Length > ImageFiles.MaxPixels * 8)
                {
                    return null;
                }
            }
            return result.ToArray();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static byte[] Deflate(byte[] data)
    {
        using var result = new MemoryStream();
        using (var zlib = new ZLibStream(result, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(data);
        }
        return result.ToArray();
    }

    private static void WriteChunk(Stream output, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        output.Write(word);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        output.Write(typeBytes);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc(Crc(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu);
        output.Write(word);
    }

    /// <summary>The CRC-32 of PNG chunks (ISO 3309), continued over <paramref name="data"/>.</summary>
    private static uint Crc(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }
        return crc;
    }

    private static readonly uint[] CrcTable = [.. Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }
        return c;
    })];
}
