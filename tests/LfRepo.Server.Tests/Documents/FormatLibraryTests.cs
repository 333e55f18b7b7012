using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using BitMiracle.LibTiff.Classic;
using LfRepo.Server.Documents.Imaging;
using LfRepo.Server.Tests.Infrastructure;
using SkiaSharp;

namespace LfRepo.Server.Tests.Documents;

/// <summary>Imports of the image variants the format libraries brought, and damaged files refused as 400s.</summary>
[Trait("Engine", "Both")]
public sealed class FormatLibraryTests
{
    private const int Root = 1;

    [Fact]
    public async Task A_progressive_JPEG_imports_and_exports_as_PNG()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var entry = await client.ImportAsync(Root, TestFiles.ProgressiveWave(), "wave.jpg", new { name = "Progressive" });

        entry["pageCount"]!.GetValue<int>().Should().Be(1);
        var png = await client.ExportAndDownloadAsync(entry.Id(), new { part = "Image", imageOptions = new { format = "PNG" } });
        png.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        var raster = ImageFiles.Decode(new MemoryStream(await png.Content.ReadAsByteArrayAsync()));
        (raster.Width, raster.Height, raster.Channels).Should().Be((16, 16, 3));
        raster.Pixels.Zip(TestFiles.Wave(16, 16, 3).Pixels, (a, b) => (double)Math.Abs(a - b)).Average().Should().BeLessThan(6);
    }

    [Fact]
    public async Task An_RLE8_BMP_imports_and_decodes_its_runs()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var entry = await client.ImportAsync(Root, Rle8Bmp(), "runs.bmp", new { name = "Runs" });

        entry["pageCount"]!.GetValue<int>().Should().Be(1);
        var png = await client.ExportAndDownloadAsync(entry.Id(), new { part = "Image", imageOptions = new { format = "PNG" } });
        var raster = ImageFiles.Decode(new MemoryStream(await png.Content.ReadAsByteArrayAsync()));
        (raster.Width, raster.Height).Should().Be((4, 2));
        raster.Pixels.Should().Equal(255, 0, 0, 255, 0, 0, 0, 255, 0, 0, 255, 0, 0, 0, 255, 0, 0, 255, 0, 0, 255, 0, 0, 255);
    }

    [Fact]
    public async Task A_PNG_with_wrong_checksums_but_whole_data_imports_as_Laserfiche_accepts_it()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var png = TwoByOnePng();
        // Wrong IDAT CRC and wrong zlib checksum, the data itself whole: what hand-made client test images look like.
        png[^16] ^= 0x5A;
        png[^17] ^= 0x33;
        ImageFiles.Probe(new MemoryStream(png)).Format.Should().Be("png");

        var entry = await client.ImportAsync(Root, png, "made-up.png", new { name = "Made up" });

        entry["pageCount"]!.GetValue<int>().Should().Be(1);
        var exported = await client.ExportAndDownloadAsync(entry.Id(), new { part = "Image", imageOptions = new { format = "PNG" } });
        var raster = ImageFiles.Decode(new MemoryStream(await exported.Content.ReadAsByteArrayAsync()));
        (raster.Width, raster.Height).Should().Be((2, 1));
        raster.Pixels.Should().Equal(255, 0, 0, 0, 0, 255);
        // Wrong checksums over damaged deflate data stay a 400: only whole data is rewritten.
        var damaged = png.ToArray();
        damaged.AsSpan(43, damaged.Length - 20 - 43).Fill(0xFF);
        (await client.PostImportAsync(Root, damaged, "damaged.png", new { name = "Damaged" })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    /// <summary>A 2 × 1 RGB PNG, red then blue, with correct checksums (IEND is its last 12 bytes, IDAT's CRC before it).</summary>
    private static byte[] TwoByOnePng()
    {
        static void Chunk(MemoryStream output, string type, byte[] data)
        {
            var length = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)data.Length);
            output.Write(length);
            var body = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
            output.Write(body);
            var crc = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(body));
            output.Write(crc);
        }
        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, 2);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), 1);
        header[8] = 8;
        header[9] = 2;
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write([0, 255, 0, 0, 0, 0, 255]);
        }
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }
        return ~crc;
    }

    [Fact]
    public async Task A_WebP_imports_is_served_as_it_is_and_exports_as_PNG()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var source = TestFiles.Gradient(9, 5, 3);
        var webp = WebP(source);

        var entry = await client.ImportAsync(Root, webp, "scan.webp", new { name = "Web" });

        entry["pageCount"]!.GetValue<int>().Should().Be(1);
        var image = await client.GetAsync($"{LfRepoApp.V2}/Entries/{entry.Id()}/Document/Pages/1/Image");
        image.StatusCode.Should().Be(HttpStatusCode.OK);
        image.Content.Headers.ContentType!.MediaType.Should().Be("image/webp");
        (await image.Content.ReadAsByteArrayAsync()).Should().Equal(webp);
        var png = await client.ExportAndDownloadAsync(entry.Id(), new { part = "Image", imageOptions = new { format = "PNG" } });
        ImageFiles.Decode(new MemoryStream(await png.Content.ReadAsByteArrayAsync())).Pixels.Should().Equal(source.Pixels, "lossless WebP keeps every pixel");
    }

    [Fact]
    public async Task A_multi_page_CCITT_G4_TIFF_imports_page_by_page()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        Raster[] pages = [Checker(40, 30, 3), Checker(24, 16, 4), Checker(33, 9, 5)];
        using var tiff = new MemoryStream();
        TiffFiles.Write(tiff, pages);
        Compressions(tiff.ToArray()).Should().Equal(Compression.CCITTFAX4, Compression.CCITTFAX4, Compression.CCITTFAX4);

        var entry = await client.ImportAsync(Root, tiff.ToArray(), "fax.tif", new { name = "Fax" });

        entry["pageCount"]!.GetValue<int>().Should().Be(3);
        var zip = await client.ExportAndDownloadAsync(entry.Id(), new { part = "Image", imageOptions = new { format = "PNG" } });
        using var archive = new ZipArchive(new MemoryStream(await zip.Content.ReadAsByteArrayAsync()));
        archive.Entries.Should().HaveCount(3);
        for (var i = 0; i < 3; i++)
        {
            using var entryStream = new MemoryStream();
            await using (var item = archive.Entries[i].Open())
            {
                await item.CopyToAsync(entryStream);
            }
            var decoded = ImageFiles.Decode(new MemoryStream(entryStream.ToArray()));
            (decoded.Width, decoded.Height, decoded.Channels).Should().Be((pages[i].Width, pages[i].Height, 1));
            decoded.Pixels.Should().Equal(pages[i].Pixels);
        }
        var multi = await client.ExportAndDownloadAsync(entry.Id(), new { part = "Image", imageOptions = new { format = "MultiPageTIFF" } });
        Compressions(await multi.Content.ReadAsByteArrayAsync()).Should().Equal(Compression.CCITTFAX4, Compression.CCITTFAX4, Compression.CCITTFAX4);
    }

    [Fact]
    public async Task Five_hundred_damaged_images_and_PDFs_are_each_a_400()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var random = new Random(22);
        var noise = Noise(random, 48, 32);
        var grayNoise = new Raster(48, 32, 1, [.. noise.Pixels.Where((_, i) => i % 3 == 0)]);
        var sources = new (string Name, byte[] Bytes, object Request)[]
        {
            ("a.png", Encode(noise, ImageFiles.EncodePng), new { name = "png" }),
            ("a.jpg", Encode(noise, (r, s) => ImageFiles.EncodeJpeg(r, 95, s)), new { name = "jpeg" }),
            ("p.jpg", TestFiles.ProgressiveWave(), new { name = "progressive" }),
            ("a.gif", TestFiles.Gif(48, 32, [.. Enumerable.Range(0, 48 * 32).Select(_ => (byte)random.Next(4))]), new { name = "gif" }),
            ("a.bmp", TestFiles.Bmp24(48, 32, (x, y) => ((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256))), new { name = "bmp" }),
            ("r.bmp", Rle8Bmp(), new { name = "rle" }),
            ("a.webp", WebP(noise), new { name = "webp" }),
            ("a.tif", Encode(noise, (r, s) => TiffFiles.Write(s, [r, grayNoise])), new { name = "tiff" }),
            ("g4.tif", Encode(Checker(48, 32, 1), (r, s) => TiffFiles.Write(s, [r, Checker(20, 20, 3)])), new { name = "g4" }),
            ("a.pdf", TestFiles.Pdf(3), new { name = "pdf", pdfOptions = new { generatePages = true } }),
        };
        foreach (var (name, bytes, request) in sources)
        {
            (await client.PostImportAsync(Root, bytes, name, request)).StatusCode.Should().Be(HttpStatusCode.Created, $"the undamaged {name} imports");
        }

        var failures = new List<string>();
        for (var i = 0; i < 500; i++)
        {
            var (name, original, request) = sources[i % sources.Length];
            var damaged = Damage(original, name.EndsWith(".pdf", StringComparison.Ordinal), i / sources.Length % 2 == 0, random);
            var response = await client.PostImportAsync(Root, damaged, name, request).WaitAsync(TimeSpan.FromSeconds(30));
            if (response.StatusCode != HttpStatusCode.BadRequest)
            {
                failures.Add($"#{i} {name} ({damaged.Length} of {original.Length} bytes): {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                continue;
            }
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            problem["detail"]!.GetValue<string>().Should().Contain(name);
        }
        failures.Should().BeEmpty();
    }

    /// <summary>
    /// A damaged copy: cut to at most 60% of its length (which loses image data, the images being noise), or with its
    /// first bytes (images) or its trailer and cross-reference offset (PDFs) overwritten.
    /// </summary>
    private static byte[] Damage(byte[] original, bool pdf, bool truncate, Random random)
    {
        if (truncate)
        {
            return original[..random.Next(1, original.Length * 6 / 10)];
        }
        var damaged = (byte[])original.Clone();
        var (from, length) = pdf ? (damaged.Length - 40, 40) : (0, 4);
        for (var i = from; i < from + length; i++)
        {
            damaged[i] = (byte)(original[i] ^ (1 + random.Next(255)));
        }
        return damaged;
    }

    private static byte[] Encode(Raster raster, Action<Raster, Stream> encode)
    {
        using var stream = new MemoryStream();
        encode(raster, stream);
        return stream.ToArray();
    }

    private static Raster Noise(Random random, int width, int height)
    {
        var pixels = new byte[width * height * 3];
        random.NextBytes(pixels);
        return new Raster(width, height, 3, pixels);
    }

    /// <summary>A black-and-white checkerboard of <paramref name="cell"/>-pixel squares, one channel.</summary>
    private static Raster Checker(int width, int height, int cell)
    {
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                pixels[y * width + x] = (x / cell + y / cell) % 2 == 0 ? (byte)255 : (byte)0;
            }
        }
        return new Raster(width, height, 1, pixels);
    }

    private static byte[] WebP(Raster raster)
    {
        using var bitmap = PageCanvas.ToBitmap(raster);
        using var pixmap = bitmap.PeekPixels();
        using var data = pixmap.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossless, 100))!;
        return data.ToArray();
    }

    private static List<Compression> Compressions(byte[] tiffBytes)
    {
        using var tiff = Tiff.ClientOpen("check.tif", "r", new MemoryStream(tiffBytes), new TiffStream())!;
        var found = new List<Compression>();
        for (short i = 0; i < tiff.NumberOfDirectories(); i++)
        {
            tiff.SetDirectory(i);
            found.Add((Compression)tiff.GetField(TiffTag.COMPRESSION)[0].ToInt());
        }
        return found;
    }

    /// <summary>
    /// A 4×2 BMP with RLE8 compression (bottom-up): the top row red, red, green, green (two runs), the bottom row
    /// four blues (one run), each row ended by an end-of-line code, the bitmap by an end-of-bitmap code.
    /// </summary>
    private static byte[] Rle8Bmp()
    {
        byte[] runs = [4, 2, 0, 0, 2, 0, 2, 1, 0, 0, 0, 1];
        byte[] palette = [0, 0, 255, 0, 0, 255, 0, 0, 255, 0, 0, 0];
        const int offset = 14 + 40 + 12;
        var bmp = new byte[offset + runs.Length];
        bmp[0] = (byte)'B';
        bmp[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(2), bmp.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(10), offset);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), 4);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), 2);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(28), 8);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(30), 1);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(34), runs.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(38), 2835);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(42), 2835);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(46), 3);
        palette.CopyTo(bmp, 54);
        runs.CopyTo(bmp, offset);
        return bmp;
    }
}
