namespace LfRepo.Server.Documents.Imaging;

/// <summary>Decoded pixels, 8 bits a sample, rows top to bottom: gray (1 channel) or RGB (3 channels).</summary>
public sealed class Raster(int width, int height, int channels, byte[] pixels)
{
    public int Width { get; } = width;

    public int Height { get; } = height;

    public int Channels { get; } = channels;

    public byte[] Pixels { get; } = pixels;

    public int Stride => Width * Channels;
}

/// <summary>A page image the emulator cannot convert without a codec it does not have.</summary>
public sealed class UnsupportedImageException(string message) : Exception(message);

/// <summary>A file that is not what its format says.</summary>
public sealed class InvalidImageException(string message) : Exception(message);
