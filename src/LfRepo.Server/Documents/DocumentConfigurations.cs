using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LfRepo.Server.Documents;

public sealed class ContentConfiguration : IEntityTypeConfiguration<ContentRecord>
{
    public void Configure(EntityTypeBuilder<ContentRecord> content)
    {
        content.ToTable("Contents");
        content.HasKey(c => c.Sha256);
    }
}

public sealed class EdocConfiguration : IEntityTypeConfiguration<EdocRecord>
{
    public void Configure(EntityTypeBuilder<EdocRecord> edoc)
    {
        edoc.ToTable("Edocs");
        edoc.HasKey(e => e.EntryId);
        edoc.Property(e => e.EntryId).ValueGeneratedNever();
        // Content collection asks "does anything still reference this blob?" per column.
        edoc.HasIndex(e => e.Sha256);
    }
}

public sealed class PageConfiguration : IEntityTypeConfiguration<PageRecord>
{
    public void Configure(EntityTypeBuilder<PageRecord> page)
    {
        page.ToTable("Pages");
        page.Property(p => p.Id).ValueGeneratedOnAdd();
        // Not unique: renumbering after a delete shifts page numbers row by row.
        page.HasIndex(p => new { p.EntryId, p.PageNumber });
        page.HasIndex(p => p.ImageSha256);
        page.HasIndex(p => p.TextSha256);
    }
}

public sealed class DownloadLinkConfiguration : IEntityTypeConfiguration<DownloadLinkRecord>
{
    public void Configure(EntityTypeBuilder<DownloadLinkRecord> link)
    {
        link.ToTable("DownloadLinks");
        link.HasKey(l => l.Token);
        link.HasIndex(l => l.ExpiresTicks);
    }
}

public sealed class UploadSessionConfiguration : IEntityTypeConfiguration<UploadSessionRecord>
{
    public void Configure(EntityTypeBuilder<UploadSessionRecord> session) => session.ToTable("UploadSessions");
}

public sealed class UploadPartConfiguration : IEntityTypeConfiguration<UploadPartRecord>
{
    public void Configure(EntityTypeBuilder<UploadPartRecord> part)
    {
        part.ToTable("UploadParts");
        part.HasKey(p => new { p.UploadId, p.PartNumber });
    }
}

public sealed class DocumentStateConfiguration : IEntityTypeConfiguration<DocumentStateRecord>
{
    public void Configure(EntityTypeBuilder<DocumentStateRecord> state)
    {
        state.ToTable("DocumentStates");
        state.HasKey(s => s.EntryId);
        state.Property(s => s.EntryId).ValueGeneratedNever();
        state.HasIndex(s => s.CheckOutEdocSha256);
    }
}

public sealed class CheckOutPageConfiguration : IEntityTypeConfiguration<CheckOutPageRecord>
{
    public void Configure(EntityTypeBuilder<CheckOutPageRecord> checkOutPage)
    {
        checkOutPage.ToTable("CheckOutPages");
        checkOutPage.HasKey(p => new { p.EntryId, p.PageNumber });
        checkOutPage.HasIndex(p => p.ImageSha256);
        checkOutPage.HasIndex(p => p.TextSha256);
    }
}

public sealed class DocumentVersionConfiguration : IEntityTypeConfiguration<DocumentVersionRecord>
{
    public void Configure(EntityTypeBuilder<DocumentVersionRecord> version)
    {
        version.ToTable("DocumentVersions");
        version.HasKey(v => new { v.EntryId, v.Version });
    }
}
