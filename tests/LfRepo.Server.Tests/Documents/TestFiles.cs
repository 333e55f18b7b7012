using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using LfRepo.Server.Documents.Imaging;

namespace LfRepo.Server.Tests.Documents;

/// <summary>Small files of each format, built in code so no binaries live in the repository.</summary>
public static class TestFiles
{
    /// <summary>An 8×8 mid-grey baseline JPEG: one block, DC difference 0, end of block.</summary>
    public static byte[] Jpeg()
    {
        var bytes = new List<byte> { 0xFF, 0xD8 };
        bytes.AddRange([0xFF, 0xDB, 0x00, 0x43, 0x00]);
        bytes.AddRange(Enumerable.Repeat((byte)1, 64));
        bytes.AddRange([0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x08, 0x00, 0x08, 0x01, 0x01, 0x11, 0x00]);
        foreach (var tableClass in new byte[] { 0x00, 0x10 })
        {
            bytes.AddRange([0xFF, 0xC4, 0x00, 0x14, tableClass, 0x01]);
            bytes.AddRange(new byte[15]);
            bytes.Add(0x00);
        }
        bytes.AddRange([0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]);
        bytes.AddRange([0x3F, 0xFF, 0xD9]);
        return [.. bytes];
    }

    /// <summary>
    /// <see cref="Wave"/>(16, 16) as libjpeg 6.2 encodes it at quality 75 with 4:2:0 chroma subsampling: a JPEG from
    /// another encoder, with AC coefficients and subsampled components, pins the decoder to the format (670 bytes).
    /// </summary>
    public static byte[] LibjpegWave420() => Convert.FromBase64String(
        "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAx" +
        "NDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwhMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIy" +
        "MjIyMjIyMjL/wAARCAAQABADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUF" +
        "BAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVW" +
        "V1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi" +
        "4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAEC" +
        "AxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVm" +
        "Z2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq" +
        "8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDuobaOK2zgdK43xLdeWGCmt661ZY4Su6uH1ic3bkA5zXnSU8HW8hZZjbfu5n//2Q==");

    /// <summary>
    /// <see cref="Wave"/>(16, 16) as libjpeg-turbo's cjpeg writes it with -progressive at quality 90: spectral
    /// selection and successive approximation scans, which LfRepo's earlier decoder refused.
    /// </summary>
    public static byte[] ProgressiveWave() => Convert.FromBase64String(
        "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYIDAoMDAsKCwsNDhIQDQ4RDgsLEBYQERMU" +
        "FRUVDA8XGBYUGBIUFRT/2wBDAQMEBAUEBQkFBQkUDQsNFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQU" +
        "FBQUFBQUFBT/wgARCAAQABADASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAABwb/xAAVAQEBAAAAAAAAAAAAAAAAAAABBf/a" +
        "AAwDAQACEAMQAAABTT2nNYx//8QAGhAAAgIDAAAAAAAAAAAAAAAAAgMBBQASFP/aAAgBAQABBQJaRBV4/TH2ECFk3on/xAAYEQAC" +
        "AwAAAAAAAAAAAAAAAAAAAwQFQ//aAAgBAwEBPwGpn4sP/8QAGREAAQUAAAAAAAAAAAAAAAAAAgABAwVh/9oACAECAQE/ASY6+fF/" +
        "/8QAFhABAQEAAAAAAAAAAAAAAAAAABEB/9oACAEBAAY/AmxK1//EABgQAAMBAQAAAAAAAAAAAAAAAAABESFB/9oACAEBAAE/Ibuc" +
        "IlYewbFp/9oADAMBAAIAAwAAABAz/8QAFhEBAQEAAAAAAAAAAAAAAAAAEQAB/9oACAEDAQE/EA1L/8QAFxEAAwEAAAAAAAAAAAAA" +
        "AAAAAAERQf/aAAgBAgEBPxC8Wj//xAAYEAEAAwEAAAAAAAAAAAAAAAABABExIf/aAAgBAQABPxAkgJA0huQ+AarYBPpZ/9k=");

    /// <summary>A smooth colour pattern: JPEG-friendly, so decoded pixels stay close to these.</summary>
    public static Raster Wave(int width, int height, int channels)
    {
        var pixels = new byte[width * height * channels];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < channels; c++)
                {
                    pixels[(y * width + x) * channels + c] = (byte)(128 + 100 * Math.Sin(x * 0.2 + c) * Math.Cos(y * 0.15 - c));
                }
            }
        }
        return new Raster(width, height, channels, pixels);
    }

    public static Raster Gradient(int width, int height, int channels)
    {
        var pixels = new byte[width * height * channels];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(i * 7 % 256);
        }
        return new Raster(width, height, channels, pixels);
    }

    public static byte[] Png(int width = 4, int height = 3, int channels = 3)
    {
        using var stream = new MemoryStream();
        ImageFiles.EncodePng(Gradient(width, height, channels), stream);
        return stream.ToArray();
    }

    public static byte[] Tiff(int frames)
    {
        using var stream = new MemoryStream();
        TiffFiles.Write(stream, Enumerable.Range(1, frames).Select(i => Gradient(5 + i, 4, i % 2 == 0 ? 1 : 3)));
        return stream.ToArray();
    }

    /// <summary>A 24-bit bottom-up BMP: the first row stored is the bottom one, in BGR order, rows padded to 4 bytes.</summary>
    public static byte[] Bmp24(int width, int height, Func<int, int, (byte R, byte G, byte B)> pixel)
    {
        var stride = (width * 3 + 3) / 4 * 4;
        var bytes = new byte[54 + stride * height];
        bytes[0] = (byte)'B';
        bytes[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(2), bytes.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(22), height);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(28), 24);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var (r, g, b) = pixel(x, y);
                var at = 54 + (height - 1 - y) * stride + x * 3;
                (bytes[at], bytes[at + 1], bytes[at + 2]) = (b, g, r);
            }
        }
        return bytes;
    }

    /// <summary>
    /// A GIF of palette indices (4 colours: black, red, green, blue) whose LZW stream sends a clear code before every
    /// second index, so the code width stays at 3 bits and no dictionary entry is ever used.
    /// </summary>
    public static byte[] Gif(int width, int height, byte[] indices)
    {
        var codes = new List<int>();
        for (var i = 0; i < indices.Length; i++)
        {
            if (i % 2 == 0)
            {
                codes.Add(4);
            }
            codes.Add(indices[i]);
        }
        codes.Add(5);
        var packed = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var code in codes)
        {
            buffer |= code << bits;
            bits += 3;
            while (bits >= 8)
            {
                packed.Add((byte)buffer);
                buffer >>= 8;
                bits -= 8;
            }
        }
        if (bits > 0)
        {
            packed.Add((byte)buffer);
        }
        var gif = new List<byte>();
        gif.AddRange("GIF89a"u8.ToArray());
        gif.AddRange([(byte)width, 0, (byte)height, 0, 0x81, 0, 0]);
        gif.AddRange([0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255]);
        gif.AddRange([0x2C, 0, 0, 0, 0, (byte)width, 0, (byte)height, 0, 0, 2]);
        foreach (var chunk in packed.Chunk(255))
        {
            gif.Add((byte)chunk.Length);
            gif.AddRange(chunk);
        }
        gif.AddRange([0, 0x3B]);
        return [.. gif];
    }

    /// <summary>A 24-bit PCX (three planes a line, run-length encoded) of <paramref name="pixels"/> (RGB, one row).</summary>
    public static byte[] Pcx24(byte[] pixels)
    {
        var width = pixels.Length / 3;
        var header = new byte[128];
        (header[0], header[1], header[2], header[3], header[65]) = (0x0A, 5, 1, 8, 3);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), (ushort)(width - 1));
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(66), (ushort)width);
        var body = new List<byte>(header);
        for (var plane = 0; plane < 3; plane++)
        {
            for (var x = 0; x < width; x++)
            {
                // Every byte as a run of one, which also covers values that look like run markers.
                body.AddRange([0xC1, pixels[x * 3 + plane]]);
            }
        }
        return [.. body];
    }

    /// <summary>A classic PDF (cross-reference table) with <paramref name="pages"/> pages, each of its own width.</summary>
    public static byte[] Pdf(int pages)
    {
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            $"<< /Type /Pages /Kids [{string.Join(" ", Enumerable.Range(0, pages).Select(i => $"{4 + i * 2} 0 R"))}] /Count {pages} /MediaBox [0 0 600 800] >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        };
        for (var i = 0; i < pages; i++)
        {
            var text = $"BT /F1 24 Tf 72 300 Td (Page {i + 1}) Tj ET";
            objects.Add($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {300 + i} 400] /Resources << /Font << /F1 3 0 R >> >> /Contents {5 + i * 2} 0 R >>");
            objects.Add($"<< /Length {text.Length} >>\nstream\n{text}\nendstream");
        }
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }
        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(pdf.ToString());
    }

    /// <summary>A PDF 1.5 whose page tree sits in a compressed object stream, found through a cross-reference stream.</summary>
    public static byte[] PdfWithObjectStreams(int pages)
    {
        var inStream = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            $"<< /Type /Pages /Kids [{string.Join(" ", Enumerable.Range(0, pages).Select(i => $"{3 + i} 0 R"))}] /Count {pages} >>",
        };
        for (var i = 0; i < pages; i++)
        {
            inStream.Add($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 {100 + i}] >>");
        }
        var header = new StringBuilder();
        var body = new StringBuilder();
        for (var i = 0; i < inStream.Count; i++)
        {
            header.Append(CultureInfo.InvariantCulture, $"{i + 1} {body.Length} ");
            body.Append(inStream[i]).Append('\n');
        }
        var objStm = Deflate(Encoding.Latin1.GetBytes(header.ToString() + body));
        var objStmNumber = inStream.Count + 1;
        var xrefNumber = objStmNumber + 1;

        using var pdf = new MemoryStream();
        Write(pdf, "%PDF-1.5\n");
        var objStmOffset = pdf.Position;
        Write(pdf, $"{objStmNumber} 0 obj\n<< /Type /ObjStm /N {inStream.Count} /First {header.Length} /Filter /FlateDecode /Length {objStm.Length} >>\nstream\n");
        pdf.Write(objStm);
        Write(pdf, "\nendstream\nendobj\n");
        var xrefOffset = pdf.Position;
        var rows = new List<byte[]> { new byte[] { 0, 0, 0, 0, 0xFF, 0xFF } };
        for (var i = 0; i < inStream.Count; i++)
        {
            rows.Add([2, 0, 0, (byte)objStmNumber, 0, (byte)i]);
        }
        rows.Add([1, 0, (byte)(objStmOffset >> 8), (byte)objStmOffset, 0, 0]);
        rows.Add([1, 0, (byte)(xrefOffset >> 8), (byte)xrefOffset, 0, 0]);
        var xrefData = Deflate([.. rows.SelectMany(r => r)]);
        Write(pdf, $"{xrefNumber} 0 obj\n<< /Type /XRef /Size {xrefNumber + 1} /W [1 3 2] /Root 1 0 R /Filter /FlateDecode /Length {xrefData.Length} >>\nstream\n");
        pdf.Write(xrefData);
        Write(pdf, $"\nendstream\nendobj\nstartxref\n{xrefOffset}\n%%EOF\n");
        return pdf.ToArray();
    }

    private static byte[] Deflate(byte[] data)
    {
        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(data);
        }
        return compressed.ToArray();
    }

    private static void Write(Stream stream, string text) => stream.Write(Encoding.Latin1.GetBytes(text));
}
