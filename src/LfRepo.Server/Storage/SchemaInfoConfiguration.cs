using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LfRepo.Server.Storage;

public sealed class SchemaInfoConfiguration : IEntityTypeConfiguration<SchemaInfoRecord>
{
    public void Configure(EntityTypeBuilder<SchemaInfoRecord> schemaInfo)
    {
        schemaInfo.ToTable("SchemaInfo");
        schemaInfo.Property(s => s.Id).ValueGeneratedNever();
    }
}
