using System.Buffers.Binary;
using LfRepo.Server.Documents.Imaging;

namespace LfRepo.Server.Documents.Formats;

/// <summary>PCX (run-length encoded): 1-bit bilevel, 8-bit with the 256-colour palette at the end, and 24-bit as three planes.</summary>
public static class Pcx
{
    public static Raster Decode(Stream stream)
    {
        stream.Position = 0;
        var header = new byte[128];
        stream.ReadExactly(header);
        if (header[0] != 0x0A || header[2] != 1)
        {
            throw new InvalidImageException("Not a run-length encoded PCX file.");
        }
        int bits = header[3], planes = header[65], bytesPerLine = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(66));
        var width = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(8)) - BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(4)) + 1;
        var height = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(10)) - BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(6)) + 1;
        if (!((bits == 1 && planes == 1) || (bits == 8 && planes is 1 or 3)) || width <= 0 || height <= 0 || bytesPerLine * 8 < width * bits)
        {
            throw new UnsupportedImageException($"PCX images with {planes} plane(s) of {bits} bit(s)");
        }
        byte[]? palette = null;
        if (bits == 8 && planes == 1)
        {
            if (stream.Length < 128 + 769)
            {
                throw new InvalidImageException("An 8-bit PCX file without its palette.");
            }
            stream.Position = stream.Length - 769;
            var tail = new byte[769];
            stream.ReadExactly(tail);
            palette = tail[0] == 0x0C ? tail[1..] : throw new InvalidImageException("An 8-bit PCX file without its palette.");
            stream.Position = 128;
        }
        var scanLine = new byte[bytesPerLine * planes];
        var channels = bits == 1 ? 1 : 3;
        var pixels = new byte[width * height * channels];
        for (var y = 0; y < height; y++)
        {
            for (var filled = 0; filled < scanLine.Length;)
            {
                var b = stream.ReadByte();
                if (b < 0)
                {
                    throw new InvalidImageException("A truncated PCX file.");
                }
                var count = 1;
                if ((b & 0xC0) == 0xC0)
                {
                    count = b & 0x3F;
                    b = stream.ReadByte();
                }
                for (var i = 0; i < count && filled < scanLine.Length; i++)
                {
                    scanLine[filled++] = (byte)b;
                }
            }
            for (var x = 0; x < width; x++)
            {
                var o = (y * width + x) * channels;
                if (bits == 1)
                {
                    pixels[o] = (scanLine[x / 8] >> (7 - x % 8) & 1) == 1 ? (byte)255 : (byte)0;
                }
                else if (palette is not null)
                {
                    var index = scanLine[x] * 3;
                    (pixels[o], pixels[o + 1], pixels[o + 2]) = (palette[index], palette[index + 1], palette[index + 2]);
                }
                else
                {
                    (pixels[o], pixels[o + 1], pixels[o + 2]) = (scanLine[x], scanLine[bytesPerLine + x], scanLine[2 * bytesPerLine + x]);
                }
            }
        }
        return new Raster(width, height, channels, pixels);
    }
}
