using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LfRepo.Server.Search;

public sealed class SearchConfiguration : IEntityTypeConfiguration<SearchRecord>
{
    public void Configure(EntityTypeBuilder<SearchRecord> search)
    {
        search.ToTable("Searches");
        search.HasKey(s => s.TaskId);
    }
}

public sealed class SearchResultConfiguration : IEntityTypeConfiguration<SearchResultRecord>
{
    public void Configure(EntityTypeBuilder<SearchResultRecord> searchResult)
    {
        searchResult.ToTable("SearchResults");
        searchResult.HasKey(r => new { r.TaskId, r.RowNumber });
    }
}

public sealed class SearchTextPageConfiguration : IEntityTypeConfiguration<SearchTextPageRecord>
{
    public void Configure(EntityTypeBuilder<SearchTextPageRecord> page)
    {
        page.ToTable(SearchTextIndex.PageTexts);
        page.HasKey(p => p.PageId);
        page.Property(p => p.PageId).ValueGeneratedNever();
        page.HasIndex(p => p.Sha256);
        page.HasOne<Documents.PageRecord>().WithMany().HasForeignKey(p => p.PageId).OnDelete(DeleteBehavior.Cascade);
    }
}
