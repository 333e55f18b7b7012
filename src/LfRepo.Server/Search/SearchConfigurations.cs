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
