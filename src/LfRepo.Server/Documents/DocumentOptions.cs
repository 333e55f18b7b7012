namespace LfRepo.Server.Documents;

/// <summary>Settings of imports, exports and uploads, section "LfRepo:Documents".</summary>
public sealed class DocumentOptions
{
    public const string Section = "LfRepo:Documents";

    /// <summary>The largest file ImportEntry takes (the API Server's default request limit is 100 MB).</summary>
    public long MaxImportBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>
    /// The largest <c>request</c> part of CreatePages, ReplacePages, WritePage and UpdateDocument (their text pages
    /// travel in it), read as it streams in; past it, 413. The imports' metadata-only request part stays at 1 MiB.
    /// </summary>
    public long MaxRequestPartBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>The largest file a chunked upload may assemble.</summary>
    public long MaxUploadBytes { get; set; } = 64L * 1024 * 1024 * 1024;

    /// <summary>The smallest size of every part of a chunked upload but the last.</summary>
    public long MinPartBytes { get; set; } = 5L * 1024 * 1024;

    /// <summary>The most pages one import may create (text form feeds, TIFF frames, PDF pages together); past it, 400.</summary>
    public int MaxImportPages { get; set; } = 1000;

    /// <summary>The largest part of a chunked upload (the spec: at most 5 GB per chunk); past it, 413.</summary>
    public long MaxPartBytes { get; set; } = 5L * 1024 * 1024 * 1024;

    /// <summary>How long upload URLs and export download links stay valid.</summary>
    public double LinkLifetimeMinutes { get; set; } = 15;
}
