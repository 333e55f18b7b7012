using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LfRepo.Server.Tasks;

public sealed class TaskLeaseConfiguration : IEntityTypeConfiguration<TaskLease>
{
    public void Configure(EntityTypeBuilder<TaskLease> lease)
    {
        lease.ToTable("TaskLeases");
        lease.HasKey(l => l.Name);
    }
}
