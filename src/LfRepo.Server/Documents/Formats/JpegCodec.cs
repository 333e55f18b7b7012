namespace LfRepo.Server.Documents.Formats;

/// <summary>
/// Baseline JPEG: decoding (Huffman, any sampling factors, restart intervals; gray or YCbCr) and encoding
/// (4:4:4 YCbCr or gray, the standard quantisation tables scaled by quality, canonical Huffman tables that cover
/// every symbol). Progressive and arithmetic-coded JPEGs are not decoded.
/// </summary>
public static class JpegCodec
{
    private static readonly int[] ZigZag =
    [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
    ];

    private static readonly int[] LuminanceQuantisation =
    [
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
    ];

    private static readonly int[] ChrominanceQuantisation =
    [
        17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    ];

    private static readonly float[,] Cosines = BuildCosines();

    private static float[,] BuildCosines()
    {
        var c = new float[8, 8];
        for (var x = 0; x < 8; x++)
        {
            for (var u = 0; u < 8; u++)
            {
                c[x, u] = (float)((u == 0 ? Math.Sqrt(0.5) : 1) * Math.Cos((2 * x + 1) * u * Math.PI / 16) / 2);
            }
        }
        return c;
    }

    // ---------------------------------------------------------------- decoding

    private sealed class Component
    {
        public int Id, H, V, Quantisation, DcTable, AcTable, Predictor, BlocksWide, BlocksHigh;
        public byte[] Plane = [];
    }

    private sealed class Huffman
    {
        public readonly int[] MaxCode = new int[18];
        public readonly int[] ValueOffset = new int[17];
        public byte[] Values = [];

        public static Huffman Build(byte[] counts, byte[] values)
        {
            var table = new Huffman { Values = values };
            int code = 0, k = 0;
            for (var length = 1; length <= 16; length++)
            {
                table.ValueOffset[length] = k - code;
                code += counts[length - 1];
                k += counts[length - 1];
                table.MaxCode[length] = counts[length - 1] > 0 ? code - 1 : -1;
                code <<= 1;
            }
            table.MaxCode[17] = int.MaxValue;
            return table;
        }
    }

    private sealed class BitReader(byte[] data, int position)
    {
        private int _bits, _count;

        public int Position { get; private set; } = position;

        public int Bit()
        {
            if (_count == 0)
            {
                var b = Position < data.Length ? data[Position] : 0;
                if (b == 0xFF)
                {
                    var next = Position + 1 < data.Length ? data[Position + 1] : 0;
                    if (next == 0)
                    {
                        Position += 2;
                    }
                    else
                    {
                        b = 0;
                    }
                }
                else
                {
                    Position++;
                }
                _bits = b;
                _count = 8;
            }
            _count--;
            return (_bits >> _count) & 1;
        }

        public int Receive(int length)
        {
            var value = 0;
            for (var i = 0; i < length; i++)
            {
                value = (value << 1) | Bit();
            }
            return value;
        }

        public int Decode(Huffman table)
        {
            var code = Bit();
            var length = 1;
            while (code > table.MaxCode[length])
            {
                code = (code << 1) | Bit();
                if (++length > 16)
                {
                    throw new InvalidImageException("A bad Huffman code in JPEG data.");
                }
            }
            var index = table.ValueOffset[length] + code;
            return index < table.Values.Length ? table.Values[index] : throw new InvalidImageException("A bad Huffman code in JPEG data.");
        }

        /// <summary>Skips to the next RSTn marker and past it.</summary>
        public void Restart()
        {
            _count = 0;
            while (Position + 1 < data.Length && !(data[Position] == 0xFF && data[Position + 1] is >= 0xD0 and <= 0xD7))
            {
                Position++;
            }
            Position += 2;
        }
    }

    public static Raster Decode(Stream stream)
    {
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var data = memory.ToArray();
        if (data.Length < 4 || data[0] != 0xFF || data[1] != 0xD8)
        {
            throw new InvalidImageException("Not a JPEG file.");
        }
        var quantisation = new int[4][];
        var dc = new Huffman?[4];
        var ac = new Huffman?[4];
        var components = new List<Component>();
        int width = 0, height = 0, restartInterval = 0, adobeTransform = -1;
        var position = 2;
        while (position + 4 <= data.Length)
        {
            if (data[position] != 0xFF)
            {
                position++;
                continue;
            }
            var marker = data[position + 1];
            if (marker is 0xFF or 0xD8 or (>= 0xD0 and <= 0xD7))
            {
                position += marker == 0xFF ? 1 : 2;
                continue;
            }
            if (marker == 0xD9)
            {
                break;
            }
            var length = (data[position + 2] << 8) | data[position + 3];
            var segment = position + 4;
            var segmentEnd = position + 2 + length;
            switch (marker)
            {
                case 0xDB:
                    for (var p = segment; p < segmentEnd;)
                    {
                        var precision = data[p] >> 4;
                        var id = data[p] & 3;
                        p++;
                        var table = new int[64];
                        for (var i = 0; i < 64; i++)
                        {
                            table[ZigZag[i]] = precision == 0 ? data[p++] : (data[p++] << 8) | data[p++];
                        }
                        quantisation[id] = table;
                    }
                    break;
                case 0xC4:
                    for (var p = segment; p < segmentEnd;)
                    {
                        var kind = data[p] >> 4;
                        var id = data[p] & 3;
                        var counts = data.AsSpan(p + 1, 16).ToArray();
                        var total = counts.Sum(c => c);
                        var values = data.AsSpan(p + 17, total).ToArray();
                        (kind == 0 ? dc : ac)[id] = Huffman.Build(counts, values);
                        p += 17 + total;
                    }
                    break;
                case 0xC0 or 0xC1:
                    height = (data[segment + 1] << 8) | data[segment + 2];
                    width = (data[segment + 3] << 8) | data[segment + 4];
                    for (var i = 0; i < data[segment + 5]; i++)
                    {
                        var at = segment + 6 + i * 3;
                        components.Add(new Component { Id = data[at], H = data[at + 1] >> 4, V = data[at + 1] & 15, Quantisation = data[at + 2] & 3 });
                    }
                    break;
                case >= 0xC2 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC:
                    throw new UnsupportedImageException("progressive, lossless or arithmetic-coded JPEG images");
                case 0xDD:
                    restartInterval = (data[segment] << 8) | data[segment + 1];
                    break;
                case 0xEE when length >= 12 && data[segment] == 'A' && data[segment + 1] == 'd':
                    adobeTransform = data[segment + 11];
                    break;
                case 0xDA:
                    if (components.Count is not (1 or 3) || width == 0 || height == 0)
                    {
                        throw new UnsupportedImageException($"JPEG images with {components.Count} components");
                    }
                    var scanCount = data[segment];
                    var scan = new List<Component>();
                    for (var i = 0; i < scanCount; i++)
                    {
                        var component = components.Single(c => c.Id == data[segment + 1 + i * 2]);
                        component.DcTable = data[segment + 2 + i * 2] >> 4;
                        component.AcTable = data[segment + 2 + i * 2] & 15;
                        scan.Add(component);
                    }
                    position = DecodeScan(data, segmentEnd, width, height, components, scan, quantisation, dc, ac, restartInterval);
                    continue;
            }
            position = segmentEnd;
        }
        if (components.Count == 0 || components[0].Plane.Length == 0)
        {
            throw new InvalidImageException("A JPEG file without image data.");
        }
        return ToRaster(width, height, components, adobeTransform);
    }

    private static int DecodeScan(
        byte[] data, int start, int width, int height, List<Component> all, List<Component> scan,
        int[][] quantisation, Huffman?[] dc, Huffman?[] ac, int restartInterval)
    {
        int hMax = all.Max(c => c.H), vMax = all.Max(c => c.V);
        int mcusWide = (width + 8 * hMax - 1) / (8 * hMax), mcusHigh = (height + 8 * vMax - 1) / (8 * vMax);
        foreach (var component in all)
        {
            component.BlocksWide = mcusWide * component.H;
            component.BlocksHigh = mcusHigh * component.V;
            if (component.Plane.Length == 0)
            {
                component.Plane = new byte[component.BlocksWide * 8 * component.BlocksHigh * 8];
            }
            component.Predictor = 0;
        }
        var reader = new BitReader(data, start);
        var block = new int[64];
        // A scan of one component is not interleaved: its blocks cover just the image, row by row.
        var single = scan.Count == 1;
        var total = single
            ? ((width * scan[0].H + 8 * hMax - 1) / (8 * hMax)) * ((height * scan[0].V + 8 * vMax - 1) / (8 * vMax))
            : mcusWide * mcusHigh;
        var singleWide = single ? (width * scan[0].H + 8 * hMax - 1) / (8 * hMax) : 0;
        for (var n = 0; n < total; n++)
        {
            if (restartInterval > 0 && n > 0 && n % restartInterval == 0)
            {
                reader.Restart();
                foreach (var component in scan)
                {
                    component.Predictor = 0;
                }
            }
            if (single)
            {
                DecodeBlock(reader, scan[0], n % singleWide, n / singleWide, block, quantisation, dc, ac);
                continue;
            }
            int mcuX = n % mcusWide, mcuY = n / mcusWide;
            foreach (var component in scan)
            {
                for (var v = 0; v < component.V; v++)
                {
                    for (var h = 0; h < component.H; h++)
                    {
                        DecodeBlock(reader, component, mcuX * component.H + h, mcuY * component.V + v, block, quantisation, dc, ac);
                    }
                }
            }
        }
        return reader.Position;
    }

    private static void DecodeBlock(BitReader reader, Component component, int blockX, int blockY, int[] block, int[][] quantisation, Huffman?[] dc, Huffman?[] ac)
    {
        var q = quantisation[component.Quantisation] ?? throw new InvalidImageException("A JPEG component without its quantisation table.");
        var dcTable = dc[component.DcTable] ?? throw new InvalidImageException("A JPEG scan without its DC table.");
        var acTable = ac[component.AcTable] ?? throw new InvalidImageException("A JPEG scan without its AC table.");
        Array.Clear(block);
        var size = reader.Decode(dcTable);
        component.Predictor += size == 0 ? 0 : Extend(reader.Receive(size), size);
        block[0] = component.Predictor * q[0];
        for (var k = 1; k < 64;)
        {
            var symbol = reader.Decode(acTable);
            int run = symbol >> 4, bits = symbol & 15;
            if (bits == 0)
            {
                if (run != 15)
                {
                    break;
                }
                k += 16;
                continue;
            }
            k += run;
            if (k > 63)
            {
                break;
            }
            block[ZigZag[k]] = Extend(reader.Receive(bits), bits) * q[ZigZag[k]];
            k++;
        }
        var stride = component.BlocksWide * 8;
        if (blockX >= component.BlocksWide || blockY >= component.BlocksHigh)
        {
            return;
        }
        InverseDct(block, component.Plane, blockY * 8 * stride + blockX * 8, stride);
    }

    private static int Extend(int value, int bits) => value < 1 << (bits - 1) ? value - (1 << bits) + 1 : value;

    private static void InverseDct(int[] block, byte[] plane, int offset, int stride)
    {
        Span<float> temp = stackalloc float[64];
        for (var y = 0; y < 8; y++)
        {
            for (var u = 0; u < 8; u++)
            {
                float sum = 0;
                for (var v = 0; v < 8; v++)
                {
                    sum += Cosines[y, v] * block[v * 8 + u];
                }
                temp[y * 8 + u] = sum;
            }
        }
        for (var y = 0; y < 8; y++)
        {
            for (var x = 0; x < 8; x++)
            {
                float sum = 0;
                for (var u = 0; u < 8; u++)
                {
                    sum += Cosines[x, u] * temp[y * 8 + u];
                }
                plane[offset + y * stride + x] = (byte)Math.Clamp((int)MathF.Round(sum + 128), 0, 255);
            }
        }
    }

    private static Raster ToRaster(int width, int height, List<Component> components, int adobeTransform)
    {
        int hMax = components.Max(c => c.H), vMax = components.Max(c => c.V);
        byte Sample(Component c, int x, int y) => c.Plane[y * c.V / vMax * c.BlocksWide * 8 + x * c.H / hMax];
        if (components.Count == 1)
        {
            var gray = new byte[width * height];
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    gray[y * width + x] = Sample(components[0], x, y);
                }
            }
            return new Raster(width, height, 1, gray);
        }
        var rgb = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                float c0 = Sample(components[0], x, y), c1 = Sample(components[1], x, y), c2 = Sample(components[2], x, y);
                var o = (y * width + x) * 3;
                if (adobeTransform == 0)
                {
                    (rgb[o], rgb[o + 1], rgb[o + 2]) = ((byte)c0, (byte)c1, (byte)c2);
                    continue;
                }
                rgb[o] = Clamp(c0 + 1.402f * (c2 - 128));
                rgb[o + 1] = Clamp(c0 - 0.344136f * (c1 - 128) - 0.714136f * (c2 - 128));
                rgb[o + 2] = Clamp(c0 + 1.772f * (c1 - 128));
            }
        }
        return new Raster(width, height, 3, rgb);
    }

    private static byte Clamp(float value) => (byte)Math.Clamp((int)MathF.Round(value), 0, 255);

    // ---------------------------------------------------------------- encoding

    /// <summary>Encodes at <paramref name="quality"/> (1–100; 0 counts as 1), without chroma subsampling.</summary>
    public static void Encode(Raster raster, int quality, Stream output)
    {
        quality = Math.Clamp(quality, 1, 100);
        var scale = quality < 50 ? 5000 / quality : 200 - 2 * quality;
        int[] Scaled(int[] table) => [.. table.Select(v => Math.Clamp((v * scale + 50) / 100, 1, 255))];
        var tables = new[] { Scaled(LuminanceQuantisation), Scaled(ChrominanceQuantisation) };
        var count = raster.Channels == 1 ? 1 : 3;

        var writer = new BinaryWriterBigEndian(output);
        writer.Marker(0xD8);
        writer.Marker(0xE0);
        writer.Bytes([0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
        for (var t = 0; t < (count == 1 ? 1 : 2); t++)
        {
            writer.Marker(0xDB);
            writer.U16(67);
            writer.Byte((byte)t);
            for (var i = 0; i < 64; i++)
            {
                writer.Byte((byte)tables[t][ZigZag[i]]);
            }
        }
        writer.Marker(0xC0);
        writer.U16(8 + 3 * count);
        writer.Byte(8);
        writer.U16(raster.Height);
        writer.U16(raster.Width);
        writer.Byte((byte)count);
        for (var c = 0; c < count; c++)
        {
            writer.Bytes([(byte)(c + 1), 0x11, (byte)(c == 0 ? 0 : 1)]);
        }
        var (dcCounts, dcValues) = CanonicalTable(Enumerable.Range(0, 12).Select(v => (byte)v).ToArray());
        var acSymbols = new List<byte> { 0x00, 0xF0 };
        for (var run = 0; run < 16; run++)
        {
            for (var size = 1; size <= 10; size++)
            {
                acSymbols.Add((byte)(run << 4 | size));
            }
        }
        var (acCounts, acValues) = CanonicalTable([.. acSymbols]);
        foreach (var (kind, counts, values) in new[] { (0x00, dcCounts, dcValues), (0x10, acCounts, acValues) })
        {
            writer.Marker(0xC4);
            writer.U16(3 + 16 + values.Length);
            writer.Byte((byte)kind);
            writer.Bytes(counts);
            writer.Bytes(values);
        }
        writer.Marker(0xDA);
        writer.U16(6 + 2 * count);
        writer.Byte((byte)count);
        for (var c = 0; c < count; c++)
        {
            writer.Bytes([(byte)(c + 1), 0x00]);
        }
        writer.Bytes([0, 63, 0]);

        var dcCodes = Codes(dcCounts, dcValues);
        var acCodes = Codes(acCounts, acValues);
        var bits = new BitWriter(output);
        var predictors = new int[count];
        Span<float> samples = stackalloc float[64];
        var coefficients = new int[64];
        for (var blockY = 0; blockY < (raster.Height + 7) / 8; blockY++)
        {
            for (var blockX = 0; blockX < (raster.Width + 7) / 8; blockX++)
            {
                for (var c = 0; c < count; c++)
                {
                    for (var y = 0; y < 8; y++)
                    {
                        for (var x = 0; x < 8; x++)
                        {
                            int px = Math.Min(blockX * 8 + x, raster.Width - 1), py = Math.Min(blockY * 8 + y, raster.Height - 1);
                            samples[y * 8 + x] = ColorComponent(raster, px, py, c) - 128;
                        }
                    }
                    ForwardDct(samples, tables[c == 0 ? 0 : 1], coefficients);
                    var diff = coefficients[0] - predictors[c];
                    predictors[c] = coefficients[0];
                    var size = Magnitude(diff);
                    bits.Write(dcCodes[size]);
                    bits.Write(size, Amplitude(diff, size));
                    var run = 0;
                    for (var k = 1; k < 64; k++)
                    {
                        var value = coefficients[ZigZag[k]];
                        if (value == 0)
                        {
                            run++;
                            continue;
                        }
                        for (; run >= 16; run -= 16)
                        {
                            bits.Write(acCodes[0xF0]);
                        }
                        var acSize = Magnitude(value);
                        bits.Write(acCodes[run << 4 | acSize]);
                        bits.Write(acSize, Amplitude(value, acSize));
                        run = 0;
                    }
                    if (run > 0)
                    {
                        bits.Write(acCodes[0x00]);
                    }
                }
            }
        }
        bits.Flush();
        writer.Marker(0xD9);
    }

    private static float ColorComponent(Raster raster, int x, int y, int c)
    {
        var o = (y * raster.Width + x) * raster.Channels;
        if (raster.Channels == 1)
        {
            return raster.Pixels[o];
        }
        float r = raster.Pixels[o], g = raster.Pixels[o + 1], b = raster.Pixels[o + 2];
        return c switch
        {
            0 => 0.299f * r + 0.587f * g + 0.114f * b,
            1 => -0.168736f * r - 0.331264f * g + 0.5f * b + 128,
            _ => 0.5f * r - 0.418688f * g - 0.081312f * b + 128,
        };
    }

    private static void ForwardDct(Span<float> samples, int[] quantisation, int[] coefficients)
    {
        Span<float> temp = stackalloc float[64];
        for (var y = 0; y < 8; y++)
        {
            for (var u = 0; u < 8; u++)
            {
                float sum = 0;
                for (var x = 0; x < 8; x++)
                {
                    sum += Cosines[x, u] * samples[y * 8 + x];
                }
                temp[y * 8 + u] = sum;
            }
        }
        for (var v = 0; v < 8; v++)
        {
            for (var u = 0; u < 8; u++)
            {
                float sum = 0;
                for (var y = 0; y < 8; y++)
                {
                    sum += Cosines[y, v] * temp[y * 8 + u];
                }
                coefficients[v * 8 + u] = (int)MathF.Round(sum / quantisation[v * 8 + u]);
            }
        }
    }

    private static int Magnitude(int value)
    {
        var magnitude = 0;
        for (var a = Math.Abs(value); a > 0; a >>= 1)
        {
            magnitude++;
        }
        return magnitude;
    }

    private static int Amplitude(int value, int size) => value >= 0 ? value : value + (1 << size) - 1;

    /// <summary>
    /// A valid Huffman table for <paramref name="symbols"/> without statistics: every code has the shortest length
    /// that leaves room for all symbols and keeps the all-ones code unused.
    /// </summary>
    private static (byte[] Counts, byte[] Values) CanonicalTable(byte[] symbols)
    {
        var length = 1;
        while ((1 << length) <= symbols.Length)
        {
            length++;
        }
        var counts = new byte[16];
        counts[length - 1] = (byte)symbols.Length;
        return (counts, symbols);
    }

    private static Dictionary<int, (int Length, int Code)> Codes(byte[] counts, byte[] values)
    {
        var codes = new Dictionary<int, (int, int)>();
        int code = 0, k = 0;
        for (var length = 1; length <= 16; length++)
        {
            for (var i = 0; i < counts[length - 1]; i++)
            {
                codes[values[k++]] = (length, code++);
            }
            code <<= 1;
        }
        return codes;
    }

    private sealed class BinaryWriterBigEndian(Stream output)
    {
        public void Marker(byte marker) => output.Write([0xFF, marker]);

        public void Byte(byte value) => output.WriteByte(value);

        public void Bytes(byte[] values) => output.Write(values);

        public void U16(int value) => output.Write([(byte)(value >> 8), (byte)value]);
    }

    private sealed class BitWriter(Stream output)
    {
        private int _buffer, _count;

        public void Write((int Length, int Code) code) => Write(code.Length, code.Code);

        public void Write(int length, int value)
        {
            for (var i = length - 1; i >= 0; i--)
            {
                _buffer = (_buffer << 1) | ((value >> i) & 1);
                if (++_count == 8)
                {
                    Emit();
                }
            }
        }

        public void Flush()
        {
            while (_count != 0)
            {
                _buffer = (_buffer << 1) | 1;
                if (++_count == 8)
                {
                    Emit();
                }
            }
        }

        private void Emit()
        {
            output.WriteByte((byte)_buffer);
            if (_buffer == 0xFF)
            {
                output.WriteByte(0);
            }
            _buffer = 0;
            _count = 0;
        }
    }
}
