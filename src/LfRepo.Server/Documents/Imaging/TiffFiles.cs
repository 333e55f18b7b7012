using System.IO.Compression;
using BitMiracle.LibTiff.Classic;

namespace LfRepo.Server.Documents.Imaging;

/// <summary>
/// TIFF files through LibTiff.NET: the frame sizes, a frame's pixels (any compression and photometric LibTiff
/// reads, CCITT G3/G4 included), and writing frames: black-and-white frames as 1-bit CCITT Group 4, others as
/// 8-bit gray or RGB with Deflate (through .NET's zlib, which is faster than LibTiff.NET's own).
/// </summary>
public static class TiffFiles
{
    static TiffFiles() => Tiff.SetErrorHandler(new ThrowingErrorHandler());

    public static bool IsTiff(ReadOnlySpan<byte> head) =>
        head.Length >= 4 && (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8));

    /// <summary>Each frame's size, front to back.</summary>
    public static List<(int Width, int Height)> ReadFrames(Stream stream)
    {
        using var tiff = Open(stream);
        var frames = new List<(int, int)>();
        var count = tiff.NumberOfDirectories();
        for (short i = 0; i < count; i++)
        {
            if (!tiff.SetDirectory(i))
            {
                throw new InvalidImageException($"Frame {i + 1} of the TIFF file cannot be read.");
            }
            frames.Add((Field(tiff, TiffTag.IMAGEWIDTH), Field(tiff, TiffTag.IMAGELENGTH)));
        }
        if (frames.Count == 0)
        {
            throw new InvalidImageException("A TIFF file without frames.");
        }
        return frames;
    }

    /// <summary>The pixels of frame <paramref name="frame"/>: gray frames (bilevel too) as one channel, others as RGB.</summary>
    public static Raster Decode(Stream stream, int frame)
    {
        using var tiff = Open(stream);
        if (!tiff.SetDirectory((short)Math.Clamp(frame, 0, Math.Max(0, tiff.NumberOfDirectories() - 1))))
        {
            throw new InvalidImageException($"Frame {frame + 1} of the TIFF file cannot be read.");
        }
        int width = Field(tiff, TiffTag.IMAGEWIDTH), height = Field(tiff, TiffTag.IMAGELENGTH);
        if (width < 1 || height < 1 || (long)width * height > ImageFiles.MaxPixels)
        {
            throw new InvalidImageException($"The TIFF frame declares {width} × {height} pixels; a page image has 1 to {ImageFiles.MaxPixels} pixels.");
        }
        var photometric = tiff.GetField(TiffTag.PHOTOMETRIC) is { } p ? (Photometric)p[0].ToInt() : Photometric.MINISBLACK;
        var samples = tiff.GetFieldDefaulted(TiffTag.SAMPLESPERPIXEL) is { } s ? s[0].ToInt() : 1;
        var gray = (photometric is Photometric.MINISBLACK or Photometric.MINISWHITE) && samples == 1;
        var bits = tiff.GetFieldDefaulted(TiffTag.BITSPERSAMPLE) is { } b ? b[0].ToInt() : 1;
        var planar = tiff.GetFieldDefaulted(TiffTag.PLANARCONFIG) is { } pc ? (PlanarConfig)pc[0].ToInt() : PlanarConfig.CONTIG;
        var orientation = tiff.GetFieldDefaulted(TiffTag.ORIENTATION) is { } o ? (Orientation)o[0].ToInt() : Orientation.TOPLEFT;
        if (bits == 8 && planar == PlanarConfig.CONTIG && orientation == Orientation.TOPLEFT && !tiff.IsTiled()
            && ((photometric == Photometric.RGB && samples == 3) || (photometric == Photometric.MINISBLACK && samples == 1)))
        {
            // The common case, 8-bit gray or RGB stored top to bottom: rows straight from the decoder.
            var stride = width * samples;
            var direct = new byte[stride * height];
            if (InflateStrips(tiff, direct))
            {
                return new Raster(width, height, samples, direct);
            }
            var row = new byte[tiff.ScanlineSize()];
            for (var y = 0; y < height; y++)
            {
                if (!tiff.ReadScanline(row, y))
                {
                    throw new InvalidImageException($"Row {y + 1} of the TIFF frame cannot be decoded.");
                }
                Buffer.BlockCopy(row, 0, direct, y * stride, stride);
            }
            return new Raster(width, height, samples, direct);
        }
        var abgr = new int[width * height];
        if (!tiff.ReadRGBAImageOriented(width, height, abgr, Orientation.TOPLEFT))
        {
            throw new InvalidImageException("The TIFF frame's image data cannot be decoded.");
        }
        var channels = gray ? 1 : 3;
        var pixels = new byte[width * height * channels];
        for (var i = 0; i < abgr.Length; i++)
        {
            var v = abgr[i];
            if (gray)
            {
                pixels[i] = (byte)Tiff.GetR(v);
                continue;
            }
            int a = Tiff.GetA(v), white = 255 * (255 - a);
            pixels[i * 3] = (byte)((Tiff.GetR(v) * a + white + 127) / 255);
            pixels[i * 3 + 1] = (byte)((Tiff.GetG(v) * a + white + 127) / 255);
            pixels[i * 3 + 2] = (byte)((Tiff.GetB(v) * a + white + 127) / 255);
        }
        return new Raster(width, height, channels, pixels);
    }

    /// <summary>
    /// Writes the rasters as the frames of one TIFF. LibTiff seeks while writing, so an output that cannot seek (a
    /// zip entry) or does not start at its beginning gets the file through a buffer.
    /// </summary>
    public static void Write(Stream output, IEnumerable<Raster> rasters)
    {
        if (!output.CanSeek || output.Position != 0)
        {
            using var buffer = new MemoryStream();
            Write(buffer, rasters);
            buffer.Position = 0;
            buffer.CopyTo(output);
            return;
        }
        using var tiff = Tiff.ClientOpen("export.tif", "w", output, new KeepOpenStream())
            ?? throw new InvalidImageException("The TIFF file cannot be written.");
        foreach (var raster in rasters)
        {
            WriteFrame(tiff, raster);
        }
        tiff.Flush();
    }

    private static void WriteFrame(Tiff tiff, Raster raster)
    {
        var bilevel = raster.Channels == 1 && Array.TrueForAll(raster.Pixels, v => v is 0 or 255);
        tiff.SetField(TiffTag.IMAGEWIDTH, raster.Width);
        tiff.SetField(TiffTag.IMAGELENGTH, raster.Height);
        tiff.SetField(TiffTag.ORIENTATION, Orientation.TOPLEFT);
        tiff.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
        tiff.SetField(TiffTag.XRESOLUTION, 72.0);
        tiff.SetField(TiffTag.YRESOLUTION, 72.0);
        tiff.SetField(TiffTag.RESOLUTIONUNIT, ResUnit.INCH);
        tiff.SetField(TiffTag.SUBFILETYPE, FileType.PAGE);
        tiff.SetField(TiffTag.ROWSPERSTRIP, raster.Height);
        if (bilevel)
        {
            tiff.SetField(TiffTag.BITSPERSAMPLE, 1);
            tiff.SetField(TiffTag.SAMPLESPERPIXEL, 1);
            tiff.SetField(TiffTag.PHOTOMETRIC, Photometric.MINISWHITE);
            tiff.SetField(TiffTag.COMPRESSION, Compression.CCITTFAX4);
            var row = new byte[(raster.Width + 7) / 8];
            for (var y = 0; y < raster.Height; y++)
            {
                Array.Clear(row);
                for (var x = 0; x < raster.Width; x++)
                {
                    if (raster.Pixels[y * raster.Width + x] == 0)
                    {
                        row[x >> 3] |= (byte)(0x80 >> (x & 7));
                    }
                }
                WriteRow(tiff, row, y);
            }
        }
        else
        {
            tiff.SetField(TiffTag.BITSPERSAMPLE, 8);
            tiff.SetField(TiffTag.SAMPLESPERPIXEL, raster.Channels);
            tiff.SetField(TiffTag.PHOTOMETRIC, raster.Channels == 3 ? Photometric.RGB : Photometric.MINISBLACK);
            tiff.SetField(TiffTag.COMPRESSION, Compression.ADOBE_DEFLATE);
            // One strip, compressed by .NET's zlib (faster than LibTiff.NET's managed Deflate) and handed to LibTiff raw.
            using var strip = new MemoryStream();
            using (var z = new ZLibStream(strip, CompressionLevel.Fastest, leaveOpen: true))
            {
                z.Write(raster.Pixels);
            }
            if (tiff.WriteRawStrip(0, strip.GetBuffer(), (int)strip.Length) < 0)
            {
                throw new InvalidImageException("A TIFF frame cannot be written.");
            }
        }
        if (!tiff.WriteDirectory())
        {
            throw new InvalidImageException("A TIFF frame cannot be written.");
        }
    }

    /// <summary>
    /// Deflate strips without a predictor, inflated with .NET's zlib straight into <paramref name="pixels"/>; false
    /// when the frame is stored otherwise (LibTiff decodes it then).
    /// </summary>
    private static bool InflateStrips(Tiff tiff, byte[] pixels)
    {
        var compression = tiff.GetField(TiffTag.COMPRESSION) is { } c ? (Compression)c[0].ToInt() : Compression.NONE;
        var predictor = tiff.GetField(TiffTag.PREDICTOR) is { } p ? p[0].ToInt() : 1;
        if (compression is not (Compression.ADOBE_DEFLATE or Compression.DEFLATE) || predictor != 1)
        {
            return false;
        }
        var offset = 0;
        for (var strip = 0; strip < tiff.NumberOfStrips() && offset < pixels.Length; strip++)
        {
            var size = tiff.RawStripSize(strip);
            if (size is < 1 or > int.MaxValue)
            {
                throw new InvalidImageException("A TIFF strip with an impossible size.");
            }
            var raw = new byte[size];
            if (tiff.ReadRawStrip(strip, raw, 0, raw.Length) != raw.Length)
            {
                throw new InvalidImageException($"Strip {strip + 1} of the TIFF frame is truncated.");
            }
            try
            {
                using var z = new ZLibStream(new MemoryStream(raw), CompressionMode.Decompress);
                offset += z.ReadAtLeast(pixels.AsSpan(offset), Math.Min(pixels.Length - offset, tiff.StripSize()), throwOnEndOfStream: false);
            }
            catch (InvalidDataException ex)
            {
                throw new InvalidImageException($"Strip {strip + 1} of the TIFF frame is damaged: {ex.Message}");
            }
        }
        if (offset < pixels.Length)
        {
            throw new InvalidImageException("The TIFF frame's strips hold fewer pixels than it declares.");
        }
        return true;
    }

    private static void WriteRow(Tiff tiff, byte[] row, int y)
    {
        if (!tiff.WriteScanline(row, y))
        {
            throw new InvalidImageException($"Row {y + 1} of a TIFF frame cannot be written.");
        }
    }

    private static Tiff Open(Stream stream)
    {
        stream.Position = 0;
        return Tiff.ClientOpen("page.tif", "r", stream, new KeepOpenStream())
            ?? throw new InvalidImageException("The file is not a readable TIFF file.");
    }

    private static int Field(Tiff tiff, TiffTag tag) =>
        tiff.GetField(tag) is { Length: > 0 } value ? value[0].ToInt() : throw new InvalidImageException($"A TIFF frame without {tag}.");

    /// <summary>LibTiff's stream adapter, minus closing the stream: the caller owns it.</summary>
    private sealed class KeepOpenStream : TiffStream
    {
        public override void Close(object clientData)
        {
        }
    }

    /// <summary>LibTiff reports errors to a handler rather than throwing; this one throws, and drops warnings.</summary>
    private sealed class ThrowingErrorHandler : TiffErrorHandler
    {
        public override void ErrorHandler(Tiff tif, string method, string format, params object[] args) =>
            throw new InvalidImageException("The TIFF file is damaged: " + string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));

        public override void ErrorHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args) =>
            ErrorHandler(tif, method, format, args);

        public override void WarningHandler(Tiff tif, string method, string format, params object[] args)
        {
        }

        public override void WarningHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args)
        {
        }
    }
}
