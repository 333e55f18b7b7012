using LfRepo.Server.Problems;
using LfRepo.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace LfRepo.Server.Annotations;

public sealed record AnnotationReason(int Id, string? Text);

public sealed record AnnotationReasonRequest(string? Text);

/// <summary>The repository's redaction reasons.</summary>
public sealed class AnnotationReasons(LfRepoDbContext db)
{
    public const int MaxTextLength = 256;

    public async Task<List<AnnotationReason>> ListAsync(CancellationToken cancellationToken) =>
        await db.Set<AnnotationReasonRecord>().AsNoTracking().OrderBy(r => r.Id).Select(r => new AnnotationReason(r.Id, r.Text)).ToListAsync(cancellationToken);

    private static string Text(AnnotationReasonRequest? request)
    {
        var text = request?.Text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, "text is required: the annotation reason's display text.");
        }
        return text.Length > MaxTextLength
            ? throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"text is {text.Length} characters; an annotation reason has at most {MaxTextLength}.")
            : text;
    }

    public async Task<AnnotationReason> CreateAsync(AnnotationReasonRequest? request, CancellationToken cancellationToken)
    {
        var row = new AnnotationReasonRecord { Text = Text(request) };
        db.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return new(row.Id, row.Text);
    }

    private async Task<AnnotationReasonRecord> FindAsync(int reasonId, CancellationToken cancellationToken) =>
        await db.Set<AnnotationReasonRecord>().FirstOrDefaultAsync(r => r.Id == reasonId, cancellationToken)
            ?? throw new ApiProblemException(ProblemCatalog.AnnotationReasonNotFound, $"Annotation reason {reasonId} does not exist.");

    public async Task<AnnotationReason> UpdateAsync(int reasonId, AnnotationReasonRequest? request, CancellationToken cancellationToken)
    {
        var row = await FindAsync(reasonId, cancellationToken);
        row.Text = Text(request);
        await db.SaveChangesAsync(cancellationToken);
        return new(row.Id, row.Text);
    }

    /// <summary>A reason annotations name is kept unless forced; forcing clears it from them.</summary>
    public async Task DeleteAsync(int reasonId, bool force, CancellationToken cancellationToken)
    {
        var row = await FindAsync(reasonId, cancellationToken);
        var uses = await db.Set<AnnotationRecord>().CountAsync(a => a.ReasonId == reasonId, cancellationToken);
        if (uses > 0 && !force)
        {
            throw new ApiProblemException(ProblemCatalog.AnnotationReasonInUse,
                $"Annotation reason {reasonId} is used by {uses} annotation{(uses == 1 ? "" : "s")}; delete with force=true to remove it from them.");
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Set<AnnotationRecord>().Where(a => a.ReasonId == reasonId).ExecuteUpdateAsync(s => s.SetProperty(a => a.ReasonId, (int?)null), cancellationToken);
        db.Remove(row);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
