namespace LfRepo.Server.Records;

/// <summary>How a cutoff criterion dates an entry's cutoff eligibility.</summary>
public enum CutoffRule
{
    /// <summary>On the filing date (the creation date when none is set).</summary>
    OnFiling,

    /// <summary>At the end of the calendar year of the filing date.</summary>
    EndOfYear,

    /// <summary>On the date an event occurred for the entry.</summary>
    OnEvent,
}

public sealed record RecordEventDefinition(int Id, string Name);

public sealed record CutoffCriterion(int Id, string Name, CutoffRule Rule, int? EventId = null);

/// <summary>
/// A disposition schedule: destroy <see cref="RetentionMonths"/> after cutoff, optionally transfer after
/// <see cref="TransferAfterMonths"/>, and optionally destroy earlier, <see cref="AltRetentionMonths"/> after the
/// alternate-retention event <see cref="AltEventId"/>.
/// </summary>
public sealed record DispositionSchedule(int Id, string Name, int RetentionMonths, int? TransferAfterMonths = null, int? AltEventId = null, int? AltRetentionMonths = null);

/// <summary>
/// The records management definitions every repository has: the API defines no operations to manage events,
/// cutoff criteria or disposition schedules, so these are fixed (listed in docs/compatibility.md).
/// </summary>
public static class FilePlan
{
    public static readonly IReadOnlyList<RecordEventDefinition> Events =
    [
        new(1, "Case closed"),
        new(2, "Employee separated"),
        new(3, "Contract expired"),
    ];

    public static readonly IReadOnlyList<CutoffCriterion> CutoffCriteria =
    [
        new(1, "At filing", CutoffRule.OnFiling),
        new(2, "End of calendar year", CutoffRule.EndOfYear),
        new(3, "When the case closes", CutoffRule.OnEvent, 1),
        new(4, "When the employee separates", CutoffRule.OnEvent, 2),
    ];

    public static readonly IReadOnlyList<DispositionSchedule> DispositionSchedules =
    [
        new(1, "Destroy 1 year after cutoff", 12),
        new(2, "Destroy 7 years after cutoff", 84),
        new(3, "Transfer 1 year after cutoff, destroy 3 years after cutoff", 36, TransferAfterMonths: 12),
        new(4, "Destroy 5 years after cutoff, or 1 year after the contract expires", 60, AltEventId: 3, AltRetentionMonths: 12),
    ];

    public static CutoffCriterion? Criterion(int? id) => id is { } v ? CutoffCriteria.FirstOrDefault(c => c.Id == v) : null;

    public static DispositionSchedule? Schedule(int? id) => id is { } v ? DispositionSchedules.FirstOrDefault(s => s.Id == v) : null;

    public static bool IsEvent(int id) => Events.Any(e => e.Id == id);
}
