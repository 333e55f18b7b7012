using System.Buffers.Binary;
using LfRepo.Server.Documents.Formats;
using SkiaSharp;

namespace LfRepo.Server.Documents.Imaging;

/// <summary>The pages an image file holds: its format and each frame's size.</summary>
public sealed record ProbedImage(string Format, IReadOnlyList<(int Width, int Height)> Frames, int Components = 3);

/// <summary>
/// Page image files: recognises them and reads their frame sizes (<see cref="Probe"/>), decodes a frame to pixels
/// (<see cref="Decode(Stream, string, int)"/>) and encodes pixels as PNG or JPEG. SkiaSharp reads PNG, JPEG (baseline and progressive),
/// GIF, BMP (RLE too) and WebP and writes PNG and JPEG; LibTiff.NET reads and writes TIFF (<see cref="TiffFiles"/>);
/// PCX, which no library here reads, has LfRepo's own decoder (<see cref="Pcx"/>).
/// </summary>
public static class ImageFiles
{
    /// <summary>The most pixels one page image may have: 40 megapixels, an A4 page at 600 dpi with room to spare.</summary>
    public const long MaxPixels = 40_000_000;

    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] JpegStart = [0xFF, 0xD8, 0xFF];

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
        stream.Position = 0;
        return format switch
        {
            "tiff" => TiffFiles.Decode(stream, frame),
            "pcx" => Pcx.Decode(new BufferedStream(stream)),
            "png" or "jpeg" or "gif" or "bmp" or "webp" => Decode(stream),
            _ => throw new UnsupportedImageException($"decoding {format.ToUpperInvariant()} pages is not implemented (they export as they are only through Edoc)"),
        };
    }

    /// <summary>
    /// Decodes a PNG, JPEG, GIF (its first frame), BMP or WebP file: gray images to one channel, others to RGB, any
    /// transparency laid over white. A truncated or damaged file is an <see cref="InvalidImageException"/>.
    /// </summary>
    public static Raster Decode(Stream stream)
    {
        try
        {
            return DecodeWithSkia(stream);
        }
        catch (InvalidImageException) when (RepairedPng(stream) is { } repaired)
        {
            using var copy = new MemoryStream(repaired);
            return DecodeWithSkia(copy);
        }
    }

    /// <summary>A PNG with wrong checksums but whole data, rewritten (<see cref="PngRepair"/>); null for anything else.</summary>
    private static byte[]? RepairedPng(Stream stream)
    {
        stream.Position = 0;
        var header = new byte[PngSignature.Length];
        if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length || !header.AsSpan().SequenceEqual(PngSignature))
        {
            return null;
        }
        stream.Position = 0;
        using var whole = new MemoryStream();
        stream.CopyTo(whole);
        return PngRepair.TryRepair(whole.GetBuffer().AsSpan(0, (int)whole.Length));
    }

    private static Raster DecodeWithSkia(Stream stream)
    {
        using var codec = OpenCodec(stream, out var result);
        if (codec is null)
        {
            throw new InvalidImageException($"The image cannot be decoded ({Describe(result)}).");
        }
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width < 1 || height < 1 || (long)width * height > MaxPixels)
        {
            throw new InvalidImageException($"The image declares {width} × {height} pixels; a page image has 1 to {MaxPixels} pixels.");
        }
        if (codec.EncodedFormat == SKEncodedImageFormat.Jpeg)
        {
            RequireJpegEnd(stream);
        }
        var gray = codec.Info.ColorType == SKColorType.Gray8;
        var info = new SKImageInfo(width, height, gray ? SKColorType.Gray8 : SKColorType.Rgba8888, gray ? SKAlphaType.Opaque : SKAlphaType.Unpremul);
        var status = codec.GetPixels(info, out var decoded);
        if (status != SKCodecResult.Success)
        {
            throw new InvalidImageException($"The {codec.EncodedFormat.ToString().ToUpperInvariant()} image cannot be decoded ({Describe(status)}).");
        }
        return gray ? new Raster(width, height, 1, decoded) : PageCanvas.FromRgba(width, height, decoded);
    }

    /// <summary>Writes the pixels as a PNG (gray or RGB, 8 bits a sample).</summary>
    public static void EncodePng(Raster raster, Stream output)
    {
        using var bitmap = PageCanvas.ToBitmap(raster);
        using var pixmap = bitmap.PeekPixels();
        using var data = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.Sub, 1))
            ?? throw new InvalidImageException("The pixels cannot be encoded as PNG.");
        data.SaveTo(output);
    }

    /// <summary>Writes the pixels as a baseline JPEG of <paramref name="quality"/> (1–100): gray stays one component.</summary>
    public static void EncodeJpeg(Raster raster, int quality, Stream output)
    {
        using var bitmap = PageCanvas.ToBitmap(raster);
        using var pixmap = bitmap.PeekPixels();
        using var data = pixmap.Encode(new SKJpegEncoderOptions(Math.Clamp(quality, 1, 100), SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore))
            ?? throw new InvalidImageException("The pixels cannot be encoded as JPEG.");
        data.SaveTo(output);
    }

    /// <summary>
    /// The size and component count of a JPEG from its frame header, for copying it unchanged into a PDF (which
    /// must name a CMYK image's colour space; decoders report only the decoded colour type).
    /// </summary>
    public static (int Width, int Height, int Components) ReadJpegFrameHeader(Stream stream)
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
                if (stream.ReadAtLeast(frame, 6, throwOnEndOfStream: false) < 6)
                {
                    throw new InvalidImageException("A truncated JPEG frame header.");
                }
                return (BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(3)), BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(1)), frame[5]);
            }
            if (length < 2)
            {
                throw new InvalidImageException("A JPEG segment with an impossible length.");
            }
            stream.Position += length - 2;
        }
    }

    /// <summary>
    /// A JPEG ends with an end-of-image marker (allowing a little trailing data). A progressive JPEG cut short still
    /// decodes, blurred, from its first scans; without this check it would pass for a whole image.
    /// </summary>
    private static void RequireJpegEnd(Stream stream)
    {
        var tail = new byte[(int)Math.Min(1024, stream.Length)];
        stream.Position = stream.Length - tail.Length;
        stream.ReadExactly(tail);
        if (tail.AsSpan().LastIndexOf(new byte[] { 0xFF, 0xD9 }) < 0)
        {
            throw new InvalidImageException("The JPEG file is truncated: it has no end-of-image marker.");
        }
    }

    private static ProbedImage ProbeHeader(Stream stream)
    {
        var head = new byte[32];
        stream.Position = 0;
        var n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var span = head.AsSpan(0, n);
        if (TiffFiles.IsTiff(span))
        {
            return new ProbedImage("tiff", TiffFiles.ReadFrames(stream));
        }
        if (n >= 12 && span[0] == 0x0A && span[2] == 1 && !span.StartsWith(PngSignature))
        {
            int xMin = BinaryPrimitives.ReadUInt16LittleEndian(span[4..]), yMin = BinaryPrimitives.ReadUInt16LittleEndian(span[6..]);
            int xMax = BinaryPrimitives.ReadUInt16LittleEndian(span[8..]), yMax = BinaryPrimitives.ReadUInt16LittleEndian(span[10..]);
            return new ProbedImage("pcx", [(xMax - xMin + 1, yMax - yMin + 1)]);
        }
        var known = span.StartsWith(PngSignature) || span.StartsWith(JpegStart) || span.StartsWith("GIF8"u8) || span.StartsWith("BM"u8)
            || (n >= 12 && span.StartsWith("RIFF"u8) && span[8..12].SequenceEqual("WEBP"u8));
        if (!known)
        {
            throw new InvalidImageException("The file is not a PNG, JPEG, TIFF, GIF, BMP, WebP or PCX image.");
        }
        using var codec = OpenCodec(stream, out var result);
        if (codec is null)
        {
            throw new InvalidImageException($"The image cannot be read ({Describe(result)}).");
        }
        var format = codec.EncodedFormat switch
        {
            SKEncodedImageFormat.Png => "png",
            SKEncodedImageFormat.Jpeg => "jpeg",
            SKEncodedImageFormat.Gif => "gif",
            SKEncodedImageFormat.Bmp => "bmp",
            SKEncodedImageFormat.Webp => "webp",
            var other => throw new InvalidImageException($"The file is a {other.ToString().ToUpperInvariant()} image, which is not a page image format."),
        };
        var size = (codec.Info.Width, codec.Info.Height);
        var components = format == "jpeg" ? ReadJpegFrameHeader(stream).Components : codec.Info.ColorType == SKColorType.Gray8 ? 1 : 3;
        return new ProbedImage(format, [size], components);
    }

    /// <summary>A codec over the whole file (copied into memory, so the codec never reads past a stream it does not own).</summary>
    private static SKCodec? OpenCodec(Stream stream, out SKCodecResult result)
    {
        stream.Position = 0;
        using var data = SKData.Create(stream);
        if (data is null)
        {
            result = SKCodecResult.IncompleteInput;
            return null;
        }
        var memory = new SKMemoryStream(data);
        var codec = SKCodec.Create(memory, out result);
        if (codec is null)
        {
            memory.Dispose();
        }
        return codec;
    }

    private static string Describe(SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput => "the file is truncated",
        SKCodecResult.ErrorInInput => "its data is damaged",
        SKCodecResult.InvalidInput => "its data is not valid",
        SKCodecResult.Unimplemented => "a variant the decoder does not support",
        _ => "it is not a readable image",
    };
}
