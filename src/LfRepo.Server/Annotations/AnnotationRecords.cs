using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LfRepo.Server.Annotations;

/// <summary>
/// One annotation on one page. It belongs to the page row (Pages.Id), not to a page number, so moving and
/// renumbering pages carries it along and deleting the page (or its document) deletes it.
/// </summary>
public sealed class AnnotationRecord
{
    public int Id { get; set; }

    public int EntryId { get; set; }

    public int PageId { get; set; }

    public string AnnotationType { get; set; } = "";

    public string? Creator { get; set; }

    public DateTime CreatedTime { get; set; }

    public DateTime LastModifiedTime { get; set; }

    public bool IsProtected { get; set; }

    public string Visibility { get; set; } = "Standard";

    public string? Comment { get; set; }

    public string? CustomData { get; set; }

    public int ZOrder { get; set; }

    public int? ReasonId { get; set; }

    public string AccessType { get; set; } = "None";

    /// <summary>The members of the annotation's type, as a JSON object in the wire's names.</summary>
    public string MembersJson { get; set; } = "{}";

    /// <summary>The text a note, text box or callout shows (its <c>text</c> member), for searches of annotation text.</summary>
    public string? Text { get; set; }

    /// <summary>The annotation's colour (<c>color</c>, else <c>fillColor</c>, else <c>borderColor</c>), for LF:AnnColor.</summary>
    public string? Color { get; set; }

    /// <summary>The stamp a stamp annotation shows, for LF:AnnStampName.</summary>
    public int? StampId { get; set; }

    /// <summary>The attached file or bitmap image; null until uploaded.</summary>
    public byte[]? Content { get; set; }

    public string? ContentType { get; set; }

    public string? ContentFileName { get; set; }
}

/// <summary>A repository-defined reason a redaction may name.</summary>
public sealed class AnnotationReasonRecord
{
    public int Id { get; set; }

    public string Text { get; set; } = "";
}

public sealed class AnnotationConfiguration : IEntityTypeConfiguration<AnnotationRecord>
{
    public void Configure(EntityTypeBuilder<AnnotationRecord> annotation)
    {
        annotation.ToTable(AnnotationNames.Annotations);
        annotation.Property(a => a.Id).ValueGeneratedOnAdd();
        annotation.HasIndex(a => a.EntryId);
        annotation.HasIndex(a => a.PageId);
        annotation.HasIndex(a => a.ReasonId);
        // Pages (Documents) is referenced by table only: the page's row owns the annotation's life.
        annotation.HasOne<Documents.PageRecord>().WithMany().HasForeignKey(a => a.PageId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class AnnotationReasonConfiguration : IEntityTypeConfiguration<AnnotationReasonRecord>
{
    public void Configure(EntityTypeBuilder<AnnotationReasonRecord> reason)
    {
        reason.ToTable(AnnotationNames.AnnotationReasons);
        reason.Property(r => r.Id).ValueGeneratedOnAdd();
    }
}

/// <summary>The feature's table names, in one place.</summary>
public static class AnnotationNames
{
    public const string Annotations = "Annotations";
    public const string AnnotationReasons = "AnnotationReasons";

    /// <summary>The columns a copy of an annotation takes from the original: all but its id, document and page.</summary>
    public const string CopiedColumns =
        "AnnotationType, Creator, CreatedTime, LastModifiedTime, IsProtected, Visibility, Comment, CustomData, ZOrder, ReasonId, AccessType, MembersJson, Text, Color, StampId, " +
        "Content, ContentType, ContentFileName";
}
