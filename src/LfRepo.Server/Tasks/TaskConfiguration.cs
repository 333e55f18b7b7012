using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LfRepo.Server.Tasks;

public sealed class TaskConfiguration : IEntityTypeConfiguration<TaskRecord>
{
    public void Configure(EntityTypeBuilder<TaskRecord> task)
    {
        task.ToTable("Tasks");
        task.Ignore(t => t.IsFinished);
        task.HasIndex(t => t.TokenId);
        task.HasIndex(t => new { t.Status, t.FinishedTicks });
        task.HasIndex(t => new { t.OwnerId, t.Status });
    }
}
