using System.Buffers.Binary;

namespace LfRepo.Server.Documents.Formats;

/// <summary>Windows bitmaps: uncompressed 1-, 4-, 8-bit (palette), 24- and 32-bit images, bottom-up or top-down.</summary>
public static class Bmp
{
    public static Raster Decode(Stream stream)
    {
        var header = new byte[54];
        stream.Position = 0;
        stream.ReadExactly(header);
        if (header[0] != 'B' || header[1] != 'M')
        {
            throw new InvalidImageException("Not a BMP file.");
        }
        var dataOffset = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(10));
        var infoSize = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(14));
        var width = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(18));
        var rawHeight = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(22));
        var bits = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(28));
        var compression = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(30));
        var colors = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(46));
        var height = Math.Abs(rawHeight);
        if (width <= 0 || height == 0 || bits is not (1 or 4 or 8 or 24 or 32) || !(compression == 0 || (compression == 3 && bits == 32)))
        {
            throw new UnsupportedImageException($"BMP images with {bits} bits a pixel or compression {compression}");
        }
        byte[] palette = [];
        if (bits <= 8)
        {
            palette = new byte[(colors == 0 ? 1 << bits : colors) * 4];
            stream.Position = 14 + infoSize;
            stream.ReadExactly(palette);
        }
        var stride = (width * bits + 31) / 32 * 4;
        var row = new byte[stride];
        var pixels = new byte[width * height * 3];
        for (var r = 0; r < height; r++)
        {
            stream.Position = dataOffset + (long)r * stride;
            stream.ReadExactly(row);
            var y = rawHeight > 0 ? height - 1 - r : r;
            for (var x = 0; x < width; x++)
            {
                var o = (y * width + x) * 3;
                int blue, green, red;
                if (bits <= 8)
                {
                    var index = (row[x * bits / 8] >> (8 - bits - x * bits % 8)) & ((1 << bits) - 1);
                    if (index * 4 + 2 >= palette.Length)
                    {
                        throw new InvalidImageException("A BMP palette index out of range.");
                    }
                    (blue, green, red) = (palette[index * 4], palette[index * 4 + 1], palette[index * 4 + 2]);
                }
                else
                {
                    var at = x * bits / 8;
                    (blue, green, red) = (row[at], row[at + 1], row[at + 2]);
                }
                pixels[o] = (byte)red;
                pixels[o + 1] = (byte)green;
                pixels[o + 2] = (byte)blue;
            }
        }
        return new Raster(width, height, 3, pixels);
    }
}
