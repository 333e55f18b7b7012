using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using LfRepo.Server.Documents;
using LfRepo.Server.Documents.Formats;
using LfRepo.Server.Documents.Imaging;
using LfRepo.Server.Problems;

namespace LfRepo.Server.Tests.Documents;

[Trait("Engine", "Both")]
public sealed class FormatTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void PNG_round_trips(int channels)
    {
        var raster = TestFiles.Gradient(13, 7, channels);
        using var stream = new MemoryStream();

        ImageFiles.EncodePng(raster, stream);
        stream.Position = 0;
        var decoded = ImageFiles.Decode(stream);

        (decoded.Width, decoded.Height, decoded.Channels).Should().Be((13, 7, channels));
        decoded.Pixels.Should().Equal(raster.Pixels);
    }

    [Fact]
    public void PNG_filters_palettes_and_alpha_decode()
    {
        // Row 1 with the Sub filter, row 2 with the Up filter: both decode to 10 20 30.
        var gray = BuildPng(3, 2, depth: 8, colorType: 0, rows: [[1, 10, 10, 10], [2, 0, 0, 0]]);
        ImageFiles.Decode(new MemoryStream(gray)).Pixels.Should().Equal(10, 20, 30, 10, 20, 30);

        var palette = BuildPng(2, 1, depth: 8, colorType: 3, rows: [[0, 1, 0]], plte: [255, 0, 0, 0, 0, 255]);
        ImageFiles.Decode(new MemoryStream(palette)).Pixels.Should().Equal(0, 0, 255, 255, 0, 0);

        var alpha = BuildPng(1, 1, depth: 8, colorType: 6, rows: [[0, 0, 0, 0, 0]]);
        ImageFiles.Decode(new MemoryStream(alpha)).Pixels.Should().Equal(255, 255, 255);

        var bilevel = BuildPng(8, 1, depth: 1, colorType: 0, rows: [[0, 0b10100000]]);
        ImageFiles.Decode(new MemoryStream(bilevel)).Pixels.Should().Equal(255, 0, 255, 0, 0, 0, 0, 0);
    }

    [Fact]
    public void TIFF_round_trips_frame_by_frame()
    {
        Raster[] rasters = [TestFiles.Gradient(5, 4, 3), TestFiles.Gradient(9, 2, 1), TestFiles.Gradient(3, 3, 3)];
        using var stream = new MemoryStream();

        TiffFiles.Write(stream, rasters);
        var frames = TiffFiles.ReadFrames(stream);

        frames.Should().HaveCount(3);
        for (var i = 0; i < 3; i++)
        {
            var decoded = TiffFiles.Decode(stream, i);
            (decoded.Width, decoded.Height, decoded.Channels).Should().Be((rasters[i].Width, rasters[i].Height, rasters[i].Channels));
            decoded.Pixels.Should().Equal(rasters[i].Pixels);
        }
    }

    [Fact]
    public async Task TIFF_output_satisfies_tiffinfo_when_installed()
    {
        await ExternalTools.CheckTiffAsync(TestFiles.Tiff(2));
    }

    [Fact]
    public void Big_endian_PackBits_TIFFs_decode()
    {
        // 4×1 white-is-zero gray, PackBits: a run of two 0x00 then the literals 0x80 0xFF.
        var tiff = new List<byte> { (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8 };
        (ushort Tag, ushort Type, uint Value)[] entries = [(256, 3, 4), (257, 3, 1), (258, 3, 8), (259, 3, 32773), (262, 3, 0), (273, 4, 8 + 2 + 7 * 12 + 4), (279, 4, 5)];
        tiff.AddRange([0, (byte)entries.Length]);
        foreach (var (tag, type, value) in entries)
        {
            var entry = new byte[12];
            BinaryPrimitives.WriteUInt16BigEndian(entry, tag);
            BinaryPrimitives.WriteUInt16BigEndian(entry.AsSpan(2), type);
            BinaryPrimitives.WriteUInt32BigEndian(entry.AsSpan(4), 1);
            if (type == 3)
            {
                BinaryPrimitives.WriteUInt16BigEndian(entry.AsSpan(8), (ushort)value);
            }
            else
            {
                BinaryPrimitives.WriteUInt32BigEndian(entry.AsSpan(8), value);
            }
            tiff.AddRange(entry);
        }
        tiff.AddRange([0, 0, 0, 0]);
        tiff.AddRange([0xFF, 0x00, 0x01, 0x80, 0xFF]);
        var stream = new MemoryStream([.. tiff]);

        var frame = TiffFiles.ReadFrames(stream).Single();

        TiffFiles.Decode(stream, 0).Pixels.Should().Equal(255, 255, 127, 0);
    }

    [Fact]
    public void A_libjpeg_JPEG_with_subsampled_chroma_decodes()
    {
        var raster = ImageFiles.Decode(new MemoryStream(TestFiles.LibjpegWave420()));

        (raster.Width, raster.Height, raster.Channels).Should().Be((16, 16, 3));
        MeanDifference(raster.Pixels, TestFiles.Wave(16, 16, 3).Pixels).Should().BeLessThan(8);
    }

    [Fact]
    public void The_tiny_JPEG_decodes_to_mid_grey()
    {
        ImageFiles.Decode(new MemoryStream(TestFiles.Jpeg())).Pixels.Should().AllBeEquivalentTo((byte)128);
    }

    [Theory]
    [InlineData(3, 90, 3)]
    [InlineData(1, 50, 3)]
    [InlineData(3, 10, 12)]
    public void JPEG_round_trips_within_the_loss_of_its_quality(int channels, int quality, double tolerance)
    {
        var raster = TestFiles.Wave(37, 21, channels);
        using var stream = new MemoryStream();

        ImageFiles.EncodeJpeg(raster, quality, stream);
        stream.Position = 0;
        var decoded = ImageFiles.Decode(stream);

        (decoded.Width, decoded.Height, decoded.Channels).Should().Be((37, 21, channels));
        MeanDifference(decoded.Pixels, raster.Pixels).Should().BeLessThan(tolerance);
        stream.Position = 0;
        ImageFiles.Probe(stream).Should().BeEquivalentTo(new ProbedImage("jpeg", [(37, 21)], channels));
    }

    [Fact]
    public void Progressive_JPEGs_decode()
    {
        var progressive = TestFiles.ProgressiveWave();
        progressive.AsSpan().IndexOf(new byte[] { 0xFF, 0xC2 }).Should().BePositive("the fixture is a progressive JPEG");

        var raster = ImageFiles.Decode(new MemoryStream(progressive));

        (raster.Width, raster.Height, raster.Channels).Should().Be((16, 16, 3));
        MeanDifference(raster.Pixels, TestFiles.Wave(16, 16, 3).Pixels).Should().BeLessThan(6);
    }

    private static double MeanDifference(byte[] a, byte[] b) => a.Zip(b, (x, y) => (double)Math.Abs(x - y)).Average();

    [Fact]
    public void Watermarks_are_drawn_in_grey_and_turned()
    {
        // Full blocks fill the font's whole cell, so the pixels inside the text are exactly the watermark grey.
        var white = new Raster(100, 100, 1, Enumerable.Repeat((byte)255, 100 * 100).ToArray());
        var upright = PageCanvas.DrawWatermark(white, "\u2588\u2588\u2588", 0.9, 0, 50, 50);
        var turned = PageCanvas.DrawWatermark(white, "\u2588\u2588\u2588", 0.9, 90, 50, 50);

        upright.Pixels[50 * 100 + 10].Should().Be(PageCanvas.WatermarkGray, "the text crosses the left of the centre row");
        upright.Pixels[5 * 100 + 50].Should().Be(255);
        turned.Pixels[10 * 100 + 50].Should().Be(PageCanvas.WatermarkGray, "turned a quarter, the text runs up the centre column");
        turned.Pixels[50 * 100 + 5].Should().Be(255);
        white.Pixels.Should().AllBeEquivalentTo((byte)255, "the source raster is left as it was");
    }

    [Fact]
    public void Text_pages_are_drawn_black_on_white_in_the_shipped_font()
    {
        var page = PageCanvas.TextPage("Hello\nWorld");

        (page.Width, page.Height, page.Channels).Should().Be((850, 1100, 1));
        page.Pixels.Should().Contain(0, "the text is black");
        page.Pixels.Count(p => p < 128).Should().BeInRange(100, 5000);
        PageCanvas.TextPage("Hello\nWorld").Pixels.Should().Equal(page.Pixels, "the same text draws the same pixels");
    }

    [Theory]
    [InlineData(90)]
    [InlineData(180)]
    [InlineData(270)]
    public void Rotation_turns_pixels_exactly(int degrees)
    {
        var source = TestFiles.Gradient(5, 3, 3);

        var turned = PageCanvas.Rotate(source, degrees);

        var (w, h) = (source.Width, source.Height);
        (turned.Width, turned.Height).Should().Be(degrees == 180 ? (w, h) : (h, w));
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var (tx, ty) = degrees switch { 90 => (h - 1 - y, x), 180 => (w - 1 - x, h - 1 - y), _ => (y, w - 1 - x) };
                turned.Pixels.AsSpan((ty * turned.Width + tx) * 3, 3).ToArray().Should().Equal(source.Pixels.AsSpan((y * w + x) * 3, 3).ToArray());
            }
        }
    }

    [Fact]
    public void PCXs_decode_run_lengths_and_planes()
    {
        var raster = Pcx.Decode(new MemoryStream(TestFiles.Pcx24([10, 20, 30, 200, 210, 220])));

        (raster.Width, raster.Height).Should().Be((2, 1));
        raster.Pixels.Should().Equal(10, 20, 30, 200, 210, 220);
    }

    [Fact]
    public void BMPs_decode_bottom_up()
    {
        var bmp = TestFiles.Bmp24(3, 2, (x, y) => ((byte)(x * 100), (byte)(y * 100), 7));

        var raster = ImageFiles.Decode(new MemoryStream(bmp));

        (raster.Width, raster.Height, raster.Channels).Should().Be((3, 2, 3));
        raster.Pixels.Should().Equal(0, 0, 7, 100, 0, 7, 200, 0, 7, 0, 100, 7, 100, 100, 7, 200, 100, 7);
    }

    [Fact]
    public void GIFs_decode_through_LZW()
    {
        var gif = TestFiles.Gif(3, 2, [0, 1, 2, 3, 2, 1]);

        var raster = ImageFiles.Decode(new MemoryStream(gif));

        (raster.Width, raster.Height).Should().Be((3, 2));
        raster.Pixels.Should().Equal(0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255, 0, 255, 0, 255, 0, 0);
    }

    [Fact]
    public void GIF_dictionary_codes_decode()
    {
        // Min code size 2: clear(4), 1, then 6 before it exists (the KwKwK case: "1 1"), 6 again (now an entry),
        // which makes entry 7 and widens codes to 4 bits for the end code (5).
        var codes = new[] { 4, 1, 6, 6, 5 };
        var widths = new[] { 3, 3, 3, 3, 4 };
        var packed = new List<byte>();
        int buffer = 0, bits = 0;
        for (var i = 0; i < codes.Length; i++)
        {
            buffer |= codes[i] << bits;
            bits += widths[i];
            while (bits >= 8)
            {
                packed.Add((byte)buffer);
                buffer >>= 8;
                bits -= 8;
            }
        }
        packed.Add((byte)buffer);
        var gif = new List<byte>();
        gif.AddRange("GIF89a"u8.ToArray());
        gif.AddRange([5, 0, 1, 0, 0x81, 0, 0, 0, 0, 0, 255, 255, 255, 0, 0, 0, 0, 0, 0]);
        gif.AddRange([0x2C, 0, 0, 0, 0, 5, 0, 1, 0, 0, 2, (byte)packed.Count]);
        gif.AddRange(packed);
        gif.AddRange([0, 0x3B]);

        var raster = ImageFiles.Decode(new MemoryStream([.. gif]));

        raster.Pixels.Where((_, i) => i % 3 == 0).Should().Equal(255, 255, 255, 255, 255);
    }

    [Fact]
    public void Images_are_recognised_by_their_bytes()
    {
        ImageFiles.Probe(new MemoryStream(TestFiles.Jpeg())).Should().BeEquivalentTo(new ProbedImage("jpeg", [(8, 8)], 1));
        ImageFiles.Probe(new MemoryStream(TestFiles.Png(4, 3))).Frames.Should().Equal((4, 3));
        ImageFiles.Probe(new MemoryStream(TestFiles.Tiff(2))).Frames.Should().Equal((6, 4), (7, 4));
        ImageFiles.Probe(new MemoryStream(TestFiles.Gif(5, 6, new byte[30]))).Should().BeEquivalentTo(new ProbedImage("gif", [(5, 6)]));
        ImageFiles.Probe(new MemoryStream(TestFiles.Bmp24(7, 2, (x, y) => (1, 2, 3)))).Frames.Should().Equal((7, 2));
        var act = () => ImageFiles.Probe(new MemoryStream([1, 2, 3]));
        act.Should().Throw<InvalidImageException>();
    }

    [Fact]
    public async Task The_PDF_export_writes_what_PdfPig_and_pdfinfo_read()
    {
        using var pdf = new PdfExport();
        pdf.AddRasterPage(TestFiles.Gradient(20, 10, 3), null);
        var jpeg = TestFiles.Jpeg();
        pdf.AddJpegPage(jpeg, 8, 8, 1, new Watermark("Copy (1)", "TopLeft", 90, 100));
        pdf.AddTextPage(string.Join("\n", Enumerable.Range(1, 80).Select(i => $"Line {i} ünïcode ✓")), new Watermark("W", "BottomRight", 0, 10));
        using var stream = new MemoryStream();
        pdf.Save(stream);

        var bytes = stream.ToArray();
        PdfFiles.PageSizes(new MemoryStream(bytes)).Select(p => (p.Width, p.Height)).Should().Equal((20, 10), (8, 8), (612, 792), (612, 792));
        bytes.AsSpan().IndexOf(jpeg).Should().BePositive("the JPEG is embedded unchanged");
        Encoding.Latin1.GetString(bytes).Should().StartWith("%PDF-").And.Contain("/DCTDecode");
        var texts = PdfFiles.PageTexts(new MemoryStream(bytes), CancellationToken.None);
        string.Join(' ', texts[1].Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)).Should().Be("Copy (1)");
        texts[2].Should().Contain("Line 1 ünïcode ✓").And.Contain("Line 50 ").And.NotContain("Line 70 ").And.Contain("W");
        texts[3].Should().Contain("Line 70 ünïcode ✓").And.Contain("Line 80 ");
        await ExternalTools.CheckPdfAsync(bytes, pages: 4);
    }

    [Fact]
    public async Task A_JPEG_without_a_JFIF_segment_is_embedded_as_it_is()
    {
        var bare = TestFiles.Jpeg();
        bare.AsSpan(0, 3).ToArray().Should().Equal(0xFF, 0xD8, 0xFF);
        bare[3].Should().NotBe(0xE0, "the file starts with its quantisation tables, no APP0 (JFIF) segment");
        ImageFiles.ReadJpegFrameHeader(new MemoryStream(bare)).Should().Be((8, 8, 1));
        using var pdf = new PdfExport();

        pdf.AddJpegPage(bare, 8, 8, 1, null);
        using var stream = new MemoryStream();
        pdf.Save(stream);

        stream.ToArray().AsSpan().IndexOf(bare).Should().BePositive();
        PdfFiles.PageSizes(new MemoryStream(stream.ToArray())).Should().Equal((8, 8));
        await ExternalTools.CheckPdfAsync(stream.ToArray(), pages: 1);
    }

    [Fact]
    public async Task Pages_copied_from_another_PDF_keep_their_content_and_resources()
    {
        var source = TestFiles.Pdf(3);
        using var pdf = new PdfExport();

        pdf.AddPdfPage("a", () => new MemoryStream(source), 2, null);
        pdf.AddRasterPage(TestFiles.Gradient(2, 2, 1), null);
        pdf.AddPdfPage("a", () => throw new InvalidOperationException("a source is opened once"), 0, new Watermark("Mark", "DeadCenter", 45, 50));
        using var stream = new MemoryStream();
        pdf.Save(stream);

        var bytes = stream.ToArray();
        PdfFiles.PageSizes(new MemoryStream(bytes)).Select(p => p.Width).Should().Equal(302, 2, 300);
        var texts = PdfFiles.PageTexts(new MemoryStream(bytes), CancellationToken.None);
        texts[0].Should().Contain("Page 3");
        texts[2].Should().Contain("Page 1").And.Contain("Mark");
        Regex.Matches(Encoding.Latin1.GetString(bytes), @"/BaseFont\s*/Helvetica").Should().ContainSingle("the source's font is copied once for both pages");
        await ExternalTools.CheckPdfAsync(bytes, pages: 3);
    }

    [Fact]
    public void Object_streams_and_cross_reference_streams_are_read_and_copied()
    {
        var original = TestFiles.PdfWithObjectStreams(3);

        PdfFiles.PageSizes(new MemoryStream(original)).Select(p => p.Height).Should().Equal(100, 101, 102);

        using var pdf = new PdfExport();
        pdf.AddPdfPage("a", () => new MemoryStream(original), 1, null);
        using var output = new MemoryStream();
        pdf.Save(output);
        PdfFiles.PageSizes(new MemoryStream(output.ToArray())).Should().ContainSingle().Which.Height.Should().Be(101);
    }

    [Fact]
    public void A_PDF_that_cannot_be_copied_is_reported()
    {
        using var pdf = new PdfExport();
        var broken = () => pdf.AddPdfPage("a", () => new MemoryStream("%PDF-1.4\nnothing here"u8.ToArray()), 0, null);
        broken.Should().Throw<PdfCopyException>();
        var outside = () => pdf.AddPdfPage("b", () => new MemoryStream(TestFiles.Pdf(2)), 2, null);
        outside.Should().Throw<PdfCopyException>().WithMessage("*no page 3*");
        var encrypted = () => pdf.AddPdfPage("c", () => new MemoryStream(EncryptedPdf()), 0, null);
        encrypted.Should().Throw<PdfCopyException>();
    }

    /// <summary>A one-page PDF that opens only with a password.</summary>
    private static byte[] EncryptedPdf()
    {
        using var document = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(TestFiles.Pdf(1)), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Modify);
        document.SecuritySettings.UserPassword = "secret";
        document.SecuritySettings.OwnerPassword = "owner";
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    [Fact]
    public void Broken_PDFs_are_reported()
    {
        var act = () => PdfFiles.PageSizes(new MemoryStream("%PDF-1.4\nnothing here"u8.ToArray()));
        act.Should().Throw<UnreadablePdfException>();
        var truncated = TestFiles.Pdf(2);
        var cut = () => PdfFiles.PageSizes(new MemoryStream(truncated[..(truncated.Length / 2)]));
        cut.Should().Throw<UnreadablePdfException>();
        PdfFiles.IsPdf(new MemoryStream("PK zip"u8.ToArray())).Should().BeFalse();
    }

    [Theory]
    [InlineData(null, 4, new[] { 1, 2, 3, 4 })]
    [InlineData("1,3-4", 4, new[] { 1, 3, 4 })]
    [InlineData(" 4 , 2-", 5, new[] { 4, 2, 3, 5 })]
    [InlineData("3-9", 4, new[] { 3, 4 })]
    [InlineData("2,2,1-2", 4, new[] { 2, 1 })]
    public void Page_ranges_select_pages(string? range, int count, int[] expected)
    {
        PageRange.Select(range, count).Should().Equal(expected);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("a")]
    [InlineData("3-1")]
    [InlineData("1,,2")]
    public void Bad_page_ranges_are_400s(string range)
    {
        var act = () => PageRange.Select(range, 5);
        act.Should().Throw<ApiProblemException>().Which.Kind.Status.Should().Be(400);
    }

    private static byte[] BuildPng(int width, int height, int depth, int colorType, byte[][] rows, byte[]? plte = null)
    {
        using var stream = new MemoryStream();
        stream.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = (byte)depth;
        ihdr[9] = (byte)colorType;
        Chunk(stream, "IHDR", ihdr);
        if (plte is not null)
        {
            Chunk(stream, "PLTE", plte);
        }
        using var data = new MemoryStream();
        using (var z = new ZLibStream(data, CompressionLevel.Optimal, leaveOpen: true))
        {
            foreach (var row in rows)
            {
                z.Write(row);
            }
        }
        Chunk(stream, "IDAT", data.ToArray());
        Chunk(stream, "IEND", []);
        return stream.ToArray();
    }

    private static void Chunk(Stream stream, string type, byte[] data)
    {
        var head = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(head, data.Length);
        Encoding.ASCII.GetBytes(type, head.AsSpan(4));
        stream.Write(head);
        stream.Write(data);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc(Crc(0xFFFFFFFF, head.AsSpan(4)), data) ^ 0xFFFFFFFF);
        stream.Write(crc);
    }

    /// <summary>The CRC-32 a PNG chunk ends with, bit by bit.</summary>
    private static uint Crc(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
            }
        }
        return crc;
    }
}
