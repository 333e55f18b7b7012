using LfRepo.Server.Metadata;
using System.Text.Json.Serialization;

namespace LfRepo.Server.Documents;

/// <summary>ImportEntry's <c>request</c> part.</summary>
public record ImportEntryRequest
{
    public string? Name { get; init; }

    public bool AutoRename { get; init; }

    public ImportEntryRequestPdfOptions? PdfOptions { get; init; }

    public bool ImportAsElectronicDocument { get; init; }

    public ImportEntryRequestMetadata? Metadata { get; init; }

    public string? VolumeName { get; init; }

    public bool GenerateImagePagesText { get; init; } = true;

    public string? FolderPath { get; init; }
}

public sealed record ImportEntryRequestPdfOptions
{
    public bool GenerateText { get; init; }

    public bool GeneratePages { get; init; }

    public GeneratePagesImageType GeneratePagesImageType { get; init; } = GeneratePagesImageType.StandardColor;

    public bool KeepPdfAfterImport { get; init; } = true;
}

public enum GeneratePagesImageType
{
    BlackAndWhite,
    StandardColor,
    HighQualityColor,
}

/// <summary>Metadata to assign on import (template, fields, tags, links); validated and written by the metadata feature.</summary>
public sealed record ImportEntryRequestMetadata
{
    public string? TemplateName { get; init; }

    public List<FieldToUpdate?>? Fields { get; init; }

    public List<string?>? Tags { get; init; }

    public List<LinkToUpdate?>? Links { get; init; }

    [JsonIgnore]
    public bool IsEmpty => string.IsNullOrEmpty(TemplateName) && Fields is not { Count: > 0 } && Tags is not { Count: > 0 } && Links is not { Count: > 0 };
}

/// <summary>StartImportUploadedParts's body: the import request plus the upload to assemble.</summary>
public sealed record StartImportUploadedPartsRequest : ImportEntryRequest
{
    public string? UploadId { get; init; }

    public List<string>? PartETags { get; init; }
}

public sealed record CreateMultipartUploadUrlsRequest
{
    public string? UploadId { get; init; }

    public int StartingPartNumber { get; init; } = 1;

    public int? NumberOfParts { get; init; }

    public string? FileName { get; init; }

    public string? MimeType { get; init; }
}

public enum ExportEntryRequestPart
{
    Image,
    Text,
    Edoc,
}

public enum ExportEntryRequestImageFormat
{
    MultiPageTIFF,
    SinglePageTIFF,
    PNG,
    PDF,
    JPEG,
}

public enum WatermarkPosition
{
    TopLeft,
    TopCenter,
    TopRight,
    MiddleLeft,
    DeadCenter,
    MiddleRight,
    BottomLeft,
    BottomCenter,
    BottomRight,
}

/// <summary>ExportEntry's and StartExportEntry's body.</summary>
public sealed record ExportEntryRequest
{
    public int AuditReasonId { get; init; }

    public string? AuditReasonComment { get; init; }

    public ExportEntryRequestPart? Part { get; init; }

    public ExportEntryRequestImageOptions? ImageOptions { get; init; }

    public ExportEntryRequestTextOptions? TextOptions { get; init; }
}

public sealed record ExportEntryRequestImageOptions
{
    public ExportEntryRequestImageFormat Format { get; init; } = ExportEntryRequestImageFormat.MultiPageTIFF;

    [JsonPropertyName("jPEGCompressionLevel")]
    public int JpegCompressionLevel { get; init; } = 70;

    public bool IncludeAnnotations { get; init; } = true;

    public bool ConvertPdfAnnotations { get; init; } = true;

    public string? PagePrefix { get; init; } = ", Page ";

    public bool IncludeRedactions { get; init; } = true;

    public ExportEntryRequestWatermark? Watermark { get; init; }
}

public sealed record ExportEntryRequestWatermark
{
    public string? Text { get; init; }

    public WatermarkPosition Position { get; init; } = WatermarkPosition.DeadCenter;

    public int RotationAngle { get; init; }

    public int PageSpanPercentage { get; init; } = 50;
}

public sealed record ExportEntryRequestTextOptions
{
    public bool IncludeRedactions { get; init; } = true;

    public string? RedactionCharacter { get; init; } = "X";
}

/// <summary>CreatePages's and ReplacePages's <c>request</c> part: text pages, paired by index with the image files.</summary>
public sealed record PagesContentRequest
{
    public List<string?>? TextPages { get; init; }
}

/// <summary>WritePage's <c>request</c> part.</summary>
public sealed record WritePageTextRequest
{
    public string? Text { get; init; }
}

public sealed record MovePagesRequest
{
    public string? PageRange { get; init; }

    public int? DestinationPageNumber { get; init; }
}

public sealed record CopyPagesRequest
{
    public string? PageRange { get; init; }

    public int? DestinationEntryId { get; init; }

    public int? DestinationPageNumber { get; init; }
}

public sealed record RotateImagePageRequest
{
    public int? RotationAngle { get; init; }
}

public sealed record LockDocumentRequest
{
    public string? Comment { get; init; }

    public string? Extent { get; init; }
}

public sealed record CheckOutDocumentRequest
{
    public bool Lock { get; init; } = true;

    public string? Comment { get; init; }
}

public sealed record CheckInDocumentRequest
{
    public bool Unlock { get; init; } = true;
}

/// <summary>UpdateDocument's <c>request</c> part.</summary>
public record UpdateDocumentRequest
{
    public bool ImportAsElectronicDocument { get; init; }

    public ImportEntryRequestMetadata? Metadata { get; init; }

    public ImportEntryRequestPdfOptions? PdfOptions { get; init; }

    public bool GenerateImagePagesText { get; init; } = true;
}

/// <summary>UpdateDocumentUploadedParts's body: the update plus the upload to assemble.</summary>
public sealed record UpdateDocumentUploadedPartsRequest : UpdateDocumentRequest
{
    public string? UploadId { get; init; }

    public List<string>? PartETags { get; init; }
}
