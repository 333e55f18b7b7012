namespace LfRepo.Server.Documents;

/// <summary>
/// A page generated from a PDF is stored as a reference to that page; its image format records how it renders,
/// as the import's <c>generatePagesImageType</c> asked: colour at 150 dpi, black and white, or colour at 300 dpi.
/// </summary>
public static class PdfPageFormat
{
    public const string StandardColor = "pdf";
    public const string BlackAndWhite = "pdf-bw";
    public const string HighQualityColor = "pdf-hq";

    public static bool IsPdf(string imageFormat) => imageFormat is StandardColor or BlackAndWhite or HighQualityColor;

    public static string For(GeneratePagesImageType type) => type switch
    {
        GeneratePagesImageType.BlackAndWhite => BlackAndWhite,
        GeneratePagesImageType.HighQualityColor => HighQualityColor,
        _ => StandardColor,
    };

    /// <summary>pdftoppm's resolution and colour arguments for a stored format.</summary>
    public static string[] RenderArguments(string imageFormat) => imageFormat switch
    {
        BlackAndWhite => ["-r", "150", "-mono"],
        HighQualityColor => ["-r", "300"],
        _ => ["-r", "150"],
    };
}
