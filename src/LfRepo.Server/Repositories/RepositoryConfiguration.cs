using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LfRepo.Server.Repositories;

public sealed class RepositoryConfiguration : IEntityTypeConfiguration<RepositoryRecord>
{
    public void Configure(EntityTypeBuilder<RepositoryRecord> repository) => repository.ToTable("Repositories");
}
