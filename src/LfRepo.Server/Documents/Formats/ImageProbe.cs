using System.Buffers.Binary;

namespace LfRepo.Server.Documents.Formats;

/// <summary>The pages an image file holds: its format and each frame's size.</summary>
public sealed record ProbedImage(string Format, IReadOnlyList<(int Width, int Height)> Frames, int Components = 3);

/// <summary>
/// Recognises page image files by their first bytes and reads their dimensions (<see cref="Probe"/>), and decodes
/// their frames with the format's codec (<see cref="Decode"/>).
/// </summary>
public static class ImageProbe
{
    /// <summary>The most pixels one page image may have: 40 megapixels, an A4 page at 600 dpi with room to spare.</summary>
    public const long MaxPixels = 40_000_000;

    /// <summary>The format and frame sizes of an image file; a size of no pixels or past <see cref="MaxPixels"/> is refused.</summary>
    public static ProbedImage Probe(Stream stream)
    {
        var image = ProbeHeader(stream);
        foreach (var (width, height) in image.Frames)
        {
            if (width < 1 || height < 1 || (long)width * height > MaxPixels)
            {
                throw new InvalidImageException($"The {image.Format.ToUpperInvariant()} image declares {width} × {height} pixels; a page image has 1 to {MaxPixels} pixels.");
            }
        }
        return image;
    }

    /// <summary>Decodes frame <paramref name="frame"/> of an image of <paramref name="format"/>.</summary>
    public static Raster Decode(Stream stream, string format, int frame)
    {
        switch (format)
        {
            case "png":
                return Png.Decode(new BufferedStream(stream));
            case "tiff":
                var frames = Tiff.ReadFrames(stream);
                return Tiff.Decode(stream, frames[Math.Min(frame, frames.Count - 1)]);
            case "bmp":
                return Bmp.Decode(stream);
            case "gif":
                return Gif.Decode(new BufferedStream(stream));
            case "pcx":
                return Pcx.Decode(new BufferedStream(stream));
            case "jpeg":
                return JpegCodec.Decode(stream);
            default:
                throw new UnsupportedImageException($"decoding {format.ToUpperInvariant()} pages is not implemented (they export as they are only through Edoc)");
        }
    }

    private static ProbedImage ProbeHeader(Stream stream)
    {
        var head = new byte[32];
        stream.Position = 0;
        var n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var span = head.AsSpan(0, n);
        if (span.StartsWith(Png.Signature))
        {
            if (n < 24)
            {
                throw new InvalidImageException("A truncated PNG file.");
            }
            return new ProbedImage("png", [(BinaryPrimitives.ReadInt32BigEndian(span[16..]), BinaryPrimitives.ReadInt32BigEndian(span[20..]))]);
        }
        if (span.StartsWith(Jpeg.Start))
        {
            var (w, h, components) = Jpeg.ReadSize(stream);
            return new ProbedImage("jpeg", [(w, h)], components);
        }
        if (Tiff.IsTiff(span))
        {
            return new ProbedImage("tiff", [.. Tiff.ReadFrames(stream).Select(f => (f.Width, f.Height))]);
        }
        if (span.StartsWith("GIF8"u8) && n >= 10)
        {
            return new ProbedImage("gif", [(BinaryPrimitives.ReadUInt16LittleEndian(span[6..]), BinaryPrimitives.ReadUInt16LittleEndian(span[8..]))]);
        }
        if (span.StartsWith("BM"u8) && n >= 26)
        {
            return new ProbedImage("bmp", [(BinaryPrimitives.ReadInt32LittleEndian(span[18..]), Math.Abs(BinaryPrimitives.ReadInt32LittleEndian(span[22..])))]);
        }
        if (n >= 12 && span[0] == 0x0A && span[2] == 1)
        {
            int xMin = BinaryPrimitives.ReadUInt16LittleEndian(span[4..]), yMin = BinaryPrimitives.ReadUInt16LittleEndian(span[6..]);
            int xMax = BinaryPrimitives.ReadUInt16LittleEndian(span[8..]), yMax = BinaryPrimitives.ReadUInt16LittleEndian(span[10..]);
            return new ProbedImage("pcx", [(xMax - xMin + 1, yMax - yMin + 1)]);
        }
        throw new InvalidImageException("The file is not a PNG, JPEG, TIFF, GIF, BMP or PCX image.");
    }
}

/// <summary>JPEG: just enough to find the frame header (size and components); pixels pass through untouched.</summary>
public static class Jpeg
{
    public static readonly byte[] Start = [0xFF, 0xD8, 0xFF];

    public static (int Width, int Height, int Components) ReadSize(Stream stream)
    {
        stream.Position = 2;
        var marker = new byte[4];
        while (true)
        {
            if (stream.ReadAtLeast(marker, 4, throwOnEndOfStream: false) < 4 || marker[0] != 0xFF)
            {
                throw new InvalidImageException("A JPEG file without a frame header.");
            }
            var code = marker[1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(marker.AsSpan(2));
            if (code is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                var frame = new byte[6];
                stream.ReadExactly(frame);
                return (BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(3)), BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(1)), frame[5]);
            }
            stream.Position += length - 2;
        }
    }
}
