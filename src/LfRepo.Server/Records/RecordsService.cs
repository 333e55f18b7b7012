using LfRepo.Server.Entries;
using LfRepo.Server.Problems;
using LfRepo.Server.Security;
using LfRepo.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace LfRepo.Server.Records;

/// <summary>
/// The file plan's rules: record series and their cascading defaults, promotion of folders and documents to record
/// folders and records, event dates, and the dates computed from cutoff criteria and disposition schedules against
/// the emulator's clock.
/// </summary>
public sealed class RecordsService(LfRepoDbContext db, EntryReader reader, EntryCache cache, EntryService entries, EntryAccess access, TimeProvider clock)
    : IEntryDeleteGuard
{
    /// <summary>The repository root is the file-plan root: record series are created there or in another series.</summary>
    public async Task<EntryRecord> CreateSeriesAsync(int parentId, CreateRecordSeriesRequest request, string user, CancellationToken cancellationToken)
    {
        var parent = await reader.GetAsync(parentId, cancellationToken);
        if (parent.Id != StoreInitializer.RootFolderId && parent.EntryType != EntryType.RecordSeries)
        {
            throw new ApiProblemException(ProblemCatalog.NotInFilePlan,
                $"Entry {parentId} is a {EntryJson.TypeName(parent.EntryType)}; a record series is created in the file-plan root (entry {StoreInitializer.RootFolderId}) or in another record series.");
        }
        var code = string.IsNullOrWhiteSpace(request.Code) ? null : request.Code.Trim();
        if (code is { Length: > 255 })
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, "The record series code is longer than 255 characters.");
        }
        var series = await entries.CreateRecordSeriesAsync(parentId, request.Name, request.AutoRename, user, cancellationToken);
        db.Set<RecordPropertiesRecord>().Add(new RecordPropertiesRecord { EntryId = series.Id, Kind = RecordKind.RecordSeries, Code = code });
        await db.SaveChangesAsync(cancellationToken);
        cache.Invalidate();
        return await reader.GetAsync(series.Id, cancellationToken);
    }

    public async Task<RecordSeriesProperties> GetSeriesAsync(int entryId, CancellationToken cancellationToken) =>
        SeriesWire(await SeriesRowAsync(entryId, tracked: false, cancellationToken));

    public async Task<RecordSeriesProperties> UpdateSeriesAsync(int entryId, UpdateRecordSeriesPropertiesRequest request, CancellationToken cancellationToken)
    {
        RequireKnown(request.CutoffCriterionId, request.DispositionScheduleId);
        RequireReview(request.ReviewCycleId, request.ReviewInterval);
        var series = await SeriesRowAsync(entryId, tracked: true, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var targets = new List<RecordPropertiesRecord> { series };
        if (request.Cascade)
        {
            var entry = await reader.GetAsync(entryId, cancellationToken);
            targets.AddRange((await BelowAsync(entry, [RecordKind.Record, RecordKind.RecordFolder, RecordKind.RecordSeries], tracked: true, cancellationToken)).Select(b => b.Row));
        }
        foreach (var row in targets)
        {
            if (request.CutoffCriterionId is { } cutoff) row.CutoffCriterionId = cutoff == 0 ? null : cutoff;
            if (request.DispositionScheduleId is { } schedule) row.DispositionScheduleId = schedule == 0 ? null : schedule;
            if (row.Kind == RecordKind.Record)
            {
                continue;
            }
            if (request.DispositionAuthority is { } authority) row.DispositionAuthority = authority.Length == 0 ? null : authority;
            if (request.IsPermanent is { } permanent) row.IsPermanent = permanent;
            if (request.ReviewCycleId is { } cycle) row.ReviewCycleId = cycle == 0 ? null : cycle;
            if (request.ReviewInterval is { } interval) row.ReviewInterval = interval;
            if (request.ReviewIntervalUnit is { } unit) row.ReviewIntervalUnit = unit;
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return SeriesWire(series);
    }

    public async Task<RecordsManagementProperties> GetPropertiesAsync(int entryId, CancellationToken cancellationToken)
    {
        var (entry, row) = await RecordRowAsync(entryId, cancellationToken);
        return await ComputeAsync(entry, row, cancellationToken);
    }

    /// <summary>Applies the update, promoting a plain document to a record and a plain folder to a record folder first.</summary>
    public async Task<RecordsManagementProperties> UpdatePropertiesAsync(
        int entryId, UpdateRecordsManagementPropertiesRequest request, string user, CancellationToken cancellationToken)
    {
        var entry = await reader.GetAsync(entryId, cancellationToken);
        var kind = entry.EntryType switch
        {
            EntryType.Document => RecordKind.Record,
            EntryType.Folder when entry.Id != StoreInitializer.RootFolderId => RecordKind.RecordFolder,
            _ => throw NotRecord(entry),
        };
        var folderMembers = Named(
            ("clearTriggerDate", request.ClearTriggerDate ? true : null), ("isClosed", request.IsClosed), ("isPermanent", request.IsPermanent),
            ("dispositionAuthority", request.DispositionAuthority), ("reviewCycleId", request.ReviewCycleId), ("reviewInterval", request.ReviewInterval),
            ("reviewIntervalUnit", request.ReviewIntervalUnit));
        var recordMembers = Named(
            ("isCutoffCriterionInherited", request.IsCutoffCriterionInherited), ("isDispositionScheduleInherited", request.IsDispositionScheduleInherited),
            ("lastReviewDate", request.LastReviewDate), ("clearLastReviewDate", request.ClearLastReviewDate ? true : null));
        var wrong = kind == RecordKind.Record ? folderMembers : recordMembers;
        if (wrong.Count > 0)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest,
                $"{string.Join(", ", wrong)} cannot be set on a {(kind == RecordKind.Record ? "record" : "record folder")}.");
        }
        RequireKnown(request.CutoffCriterionId, request.DispositionScheduleId);
        RequireReview(request.ReviewCycleId, request.ReviewInterval);
        var principal = access.Principal(user);
        if (request.LastReviewDate is not null || request.ClearLastReviewDate)
        {
            await access.RequireAsync(principal, entryId, EntryRight.SetReviewDate, cancellationToken);
        }
        if (request.IsClosed is not null)
        {
            await access.RequireAsync(principal, entryId, EntryRight.Close, cancellationToken);
        }

        var row = await db.Set<RecordPropertiesRecord>().SingleOrDefaultAsync(r => r.EntryId == entryId, cancellationToken);
        if (row is null)
        {
            var inFolder = kind == RecordKind.Record && (await AncestorRowsAsync(entry, cancellationToken)).Any(a => a.Row.Kind == RecordKind.RecordFolder);
            row = new RecordPropertiesRecord { EntryId = entryId, Kind = kind, IsCutoffCriterionInherited = inFolder, IsDispositionScheduleInherited = inFolder };
            db.Set<RecordPropertiesRecord>().Add(row);
        }
        if (request.CutoffCriterionId is { } cutoff) row.CutoffCriterionId = cutoff == 0 ? null : cutoff;
        if (request.DispositionScheduleId is { } schedule) row.DispositionScheduleId = schedule == 0 ? null : schedule;
        if (request.FilingDate is { } filing) row.FilingTicks = filing.UtcTicks;
        if (request.TriggerDate is { } trigger) row.TriggerTicks = trigger.UtcTicks;
        if (request.ClearTriggerDate) row.TriggerTicks = null;
        if (request.IsCutoffCriterionInherited is { } cutoffInherited) row.IsCutoffCriterionInherited = cutoffInherited;
        if (request.IsDispositionScheduleInherited is { } scheduleInherited) row.IsDispositionScheduleInherited = scheduleInherited;
        if (request.LastReviewDate is { } reviewed)
        {
            row.LastReviewTicks = reviewed.UtcTicks;
            row.Reviewer = user;
        }
        if (request.ClearLastReviewDate)
        {
            row.LastReviewTicks = null;
            row.Reviewer = null;
        }
        if (request.IsClosed is { } closed) row.IsClosed = closed;
        if (request.IsPermanent is { } permanent) row.IsPermanent = permanent;
        if (request.DispositionAuthority is { } authority) row.DispositionAuthority = authority.Length == 0 ? null : authority;
        if (request.ReviewCycleId is { } cycle) row.ReviewCycleId = cycle == 0 ? null : cycle;
        if (request.ReviewInterval is { } interval) row.ReviewInterval = interval;
        if (request.ReviewIntervalUnit is { } unit) row.ReviewIntervalUnit = unit;
        await db.SaveChangesAsync(cancellationToken);
        cache.Invalidate();
        return await ComputeAsync(entry, row, cancellationToken);
    }

    public async Task<RecordsManagementProperties> SetEventAsync(int entryId, SetRecordEventRequest request, CancellationToken cancellationToken)
    {
        var eventId = RequireEvent(request.EventId);
        if (request.Date is not { } date)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, "date is required: the date the event occurred.");
        }
        var (entry, row) = await RecordRowAsync(entryId, cancellationToken);
        var stored = await db.Set<RecordEventRecord>().SingleOrDefaultAsync(e => e.EntryId == entryId && e.EventId == eventId, cancellationToken);
        if (stored is null)
        {
            db.Set<RecordEventRecord>().Add(new RecordEventRecord { EntryId = entryId, EventId = eventId, DateTicks = date.UtcTicks });
        }
        else
        {
            stored.DateTicks = date.UtcTicks;
        }
        await db.SaveChangesAsync(cancellationToken);
        return await ComputeAsync(entry, row, cancellationToken);
    }

    /// <summary>Removes an event's date; removing one that is not set changes nothing.</summary>
    public async Task<RecordsManagementProperties> RemoveEventAsync(int entryId, RemoveRecordEventRequest request, CancellationToken cancellationToken)
    {
        var eventId = RequireEvent(request.EventId);
        var (entry, row) = await RecordRowAsync(entryId, cancellationToken);
        await db.Set<RecordEventRecord>().Where(e => e.EntryId == entryId && e.EventId == eventId).ExecuteDeleteAsync(cancellationToken);
        return await ComputeAsync(entry, row, cancellationToken);
    }

    /// <summary>The records and record folders at or below a record folder or record series that are eligible now.</summary>
    public async Task<IReadOnlyList<int>> EligibleAsync(int entryId, EligibleRecordsAction action, CancellationToken cancellationToken)
    {
        var entry = await FolderOrSeriesAsync(entryId, cancellationToken);
        var candidates = await BelowAsync(entry, [RecordKind.Record, RecordKind.RecordFolder], tracked: false, cancellationToken);
        if (entry.EntryType == EntryType.Folder)
        {
            var own = await db.Set<RecordPropertiesRecord>().AsNoTracking().SingleAsync(r => r.EntryId == entry.Id, cancellationToken);
            candidates.Insert(0, (entry, own));
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var eligible = new List<int>();
        foreach (var (candidate, row) in candidates)
        {
            var properties = await ComputeAsync(candidate, row, cancellationToken);
            var due = action == EligibleRecordsAction.Disposition
                ? properties.IsEligibleForFinalDisposition
                : properties.TransferDates!.Any(t => !t.Transferred && t.EligibleDate <= now);
            if (due)
            {
                eligible.Add(candidate.Id);
            }
        }
        return eligible;
    }

    /// <summary>The records below a record folder that keep their own cutoff criterion or disposition schedule instead of the folder's.</summary>
    public async Task<IReadOnlyList<int>> IndependentAsync(int entryId, CancellationToken cancellationToken)
    {
        var folder = await RecordFolderAsync(entryId, cancellationToken);
        var records = await BelowAsync(folder, [RecordKind.Record], tracked: false, cancellationToken);
        return [.. records.Where(r => !r.Row.IsCutoffCriterionInherited || !r.Row.IsDispositionScheduleInherited).Select(r => r.Entry.Id)];
    }

    /// <summary>The alternate-retention event of the folder's disposition schedule, with the date it occurred (or the folder's trigger date).</summary>
    public async Task<IReadOnlyList<AltRetentionEvent>> AltRetentionEventsAsync(int entryId, CancellationToken cancellationToken)
    {
        var folder = await RecordFolderAsync(entryId, cancellationToken);
        var row = await db.Set<RecordPropertiesRecord>().AsNoTracking().SingleAsync(r => r.EntryId == folder.Id, cancellationToken);
        var resolved = await ResolveAsync(folder, row, cancellationToken);
        if (resolved.Schedule?.AltEventId is not { } altEvent)
        {
            return [];
        }
        var date = resolved.Events.TryGetValue(altEvent, out var occurred) ? occurred : Date(row.TriggerTicks);
        return [new AltRetentionEvent(folder.Id, altEvent, date)];
    }

    /// <summary>
    /// Whether the entry, or anything below it, is a record or record folder not yet eligible for final disposition:
    /// such entries refuse deletion until the schedule says they may go.
    /// </summary>
    public async Task RequireDeletableAsync(int entryId, CancellationToken cancellationToken)
    {
        var entry = await reader.FindAsync(entryId, cancellationToken);
        if (entry is null)
        {
            return;
        }
        var rows = await BelowAsync(entry, [RecordKind.Record, RecordKind.RecordFolder], tracked: false, cancellationToken);
        if (await db.Set<RecordPropertiesRecord>().AsNoTracking().SingleOrDefaultAsync(r => r.EntryId == entryId, cancellationToken) is { } own
            && own.Kind != RecordKind.RecordSeries)
        {
            rows.Insert(0, (entry, own));
        }
        foreach (var (candidate, row) in rows)
        {
            var properties = await ComputeAsync(candidate, row, cancellationToken);
            if (!properties.IsEligibleForFinalDisposition)
            {
                var what = row.Kind == RecordKind.Record ? "record" : "record folder";
                var where = candidate.Id == entryId ? "" : $" below entry {entryId}";
                throw new ApiProblemException(ProblemCatalog.RecordRetained,
                    $"Entry {candidate.Id}{where} is a {what} that is not eligible for final disposition"
                    + (properties.FinalDispositionEligibility is { } date ? $" until {date:O}." : "; its retention schedule does not allow its destruction."));
            }
        }
    }

    // ---- resolution -------------------------------------------------------------------------------------------

    private sealed record Resolved(
        CutoffCriterion? Criterion, DispositionSchedule? Schedule, bool IsPermanent, RecordPropertiesRecord? Folder, int? FolderId,
        RecordPropertiesRecord? Series, IReadOnlyDictionary<int, DateTime> Events);

    private async Task<Resolved> ResolveAsync(EntryRecord entry, RecordPropertiesRecord row, CancellationToken cancellationToken)
    {
        var ancestors = await AncestorRowsAsync(entry, cancellationToken);
        var folder = row.Kind == RecordKind.Record ? ancestors.FirstOrDefault(a => a.Row.Kind == RecordKind.RecordFolder) : default;
        var series = ancestors.FirstOrDefault(a => a.Row.Kind == RecordKind.RecordSeries).Row;

        int? cutoffId, scheduleId;
        bool permanent;
        if (folder.Row is { } f)
        {
            var folderCutoff = f.CutoffCriterionId ?? series?.CutoffCriterionId;
            var folderSchedule = f.DispositionScheduleId ?? series?.DispositionScheduleId;
            cutoffId = row.IsCutoffCriterionInherited ? folderCutoff : row.CutoffCriterionId ?? folderCutoff;
            scheduleId = row.IsDispositionScheduleInherited ? folderSchedule : row.DispositionScheduleId ?? folderSchedule;
            permanent = f.IsPermanent || series?.IsPermanent == true;
        }
        else
        {
            cutoffId = row.CutoffCriterionId ?? series?.CutoffCriterionId;
            scheduleId = row.DispositionScheduleId ?? series?.DispositionScheduleId;
            permanent = row.IsPermanent || series?.IsPermanent == true;
        }

        // A record's own event dates win over its folder's.
        var ids = folder.Row is null ? new[] { entry.Id } : [folder.Entry.Id, entry.Id];
        var events = new Dictionary<int, DateTime>();
        foreach (var id in ids)
        {
            foreach (var e in await db.Set<RecordEventRecord>().AsNoTracking().Where(e => e.EntryId == id).ToListAsync(cancellationToken))
            {
                events[e.EventId] = new DateTime(e.DateTicks, DateTimeKind.Utc);
            }
        }
        return new Resolved(FilePlan.Criterion(cutoffId), FilePlan.Schedule(scheduleId), permanent, folder.Row, folder.Entry?.Id, series, events);
    }

    private async Task<RecordsManagementProperties> ComputeAsync(EntryRecord entry, RecordPropertiesRecord row, CancellationToken cancellationToken)
    {
        var r = await ResolveAsync(entry, row, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var filed = Date(row.FilingTicks) ?? new DateTime(entry.CreationTicks, DateTimeKind.Utc);
        DateTime? cutoffEligibility = r.Criterion?.Rule switch
        {
            CutoffRule.OnFiling => filed,
            CutoffRule.EndOfYear => new DateTime(filed.Year + 1, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            CutoffRule.OnEvent => r.Events.TryGetValue(r.Criterion.EventId!.Value, out var occurred) ? occurred : null,
            _ => null,
        };
        DateTime? final = null;
        var transfers = new List<RecordsManagementTransferDate>();
        if (r.Schedule is { } schedule)
        {
            if (cutoffEligibility is { } cutoffAt)
            {
                final = cutoffAt.AddMonths(schedule.RetentionMonths);
                if (schedule.TransferAfterMonths is { } transferAfter)
                {
                    transfers.Add(new RecordsManagementTransferDate(schedule.Id * 100 + 1, 1, null, cutoffAt.AddMonths(transferAfter), false));
                }
            }
            if (schedule.AltEventId is { } altEvent)
            {
                var trigger = r.Events.TryGetValue(altEvent, out var occurred) ? occurred : Date(row.TriggerTicks ?? r.Folder?.TriggerTicks);
                if (trigger?.AddMonths(schedule.AltRetentionMonths ?? 0) is { } alt && (final is null || alt < final))
                {
                    final = alt;
                }
            }
        }
        if (r.IsPermanent)
        {
            final = null;
        }
        var eligibleForCutoff = cutoffEligibility <= now;
        var eligibleForDisposition = final <= now;
        var closed = row.Kind == RecordKind.RecordFolder ? row.IsClosed : r.Folder?.IsClosed == true;
        var state = eligibleForDisposition ? DispositionState.Eligible
            : eligibleForCutoff ? DispositionState.InRetention
            : closed ? DispositionState.Closed
            : DispositionState.Open;

        if (row.Kind == RecordKind.Record)
        {
            var review = r.Folder ?? r.Series;
            DateTime? nextReview = Date(row.LastReviewTicks) is { } last && review?.ReviewInterval is { } every and > 0
                ? review.ReviewIntervalUnit switch
                {
                    ReviewIntervalUnit.Day => last.AddDays(every),
                    ReviewIntervalUnit.Month => last.AddMonths(every),
                    _ => null,
                }
                : null;
            return new RecordProperties
            {
                RecordType = RecordEntryType.Record,
                DispositionState = state,
                IsEligibleForCutoff = eligibleForCutoff,
                IsEligibleForFinalDisposition = eligibleForDisposition,
                CutoffEligibility = cutoffEligibility,
                FinalDispositionEligibility = final,
                TransferDates = transfers,
                ActiveDispositionScheduleId = r.Schedule?.Id,
                CutoffCriterionId = row.CutoffCriterionId,
                DispositionScheduleId = row.DispositionScheduleId,
                FilingDate = Date(row.FilingTicks),
                TriggerDate = Date(row.TriggerTicks),
                RecordFolderId = r.FolderId,
                UnderRecordFolder = r.FolderId is not null,
                IsIndividuallyCutoff = false,
                IsCutoffCriterionInherited = row.IsCutoffCriterionInherited,
                IsDispositionScheduleInherited = row.IsDispositionScheduleInherited,
                Reviewer = row.Reviewer,
                LastReviewDate = Date(row.LastReviewTicks),
                NextReviewDate = nextReview,
            };
        }
        return new RecordFolderProperties
        {
            RecordType = RecordEntryType.RecordFolder,
            DispositionState = state,
            IsEligibleForCutoff = eligibleForCutoff,
            IsEligibleForFinalDisposition = eligibleForDisposition,
            CutoffEligibility = cutoffEligibility,
            FinalDispositionEligibility = final,
            TransferDates = transfers,
            ActiveDispositionScheduleId = r.Schedule?.Id,
            CutoffCriterionId = row.CutoffCriterionId,
            DispositionScheduleId = row.DispositionScheduleId,
            FilingDate = Date(row.FilingTicks),
            TriggerDate = Date(row.TriggerTicks),
            IsClosed = row.IsClosed,
            IsPermanent = row.IsPermanent,
            DispositionAuthority = row.DispositionAuthority ?? r.Series?.DispositionAuthority,
            ReviewCycleId = row.ReviewCycleId ?? r.Series?.ReviewCycleId,
            ReviewInterval = row.ReviewInterval ?? r.Series?.ReviewInterval,
            ReviewIntervalUnit = row.ReviewIntervalUnit ?? r.Series?.ReviewIntervalUnit,
        };
    }

    /// <summary>The records management rows of the entry's ancestors, nearest first.</summary>
    private async Task<List<(EntryRecord Entry, RecordPropertiesRecord Row)>> AncestorRowsAsync(EntryRecord entry, CancellationToken cancellationToken)
    {
        var chain = new List<EntryRecord>();
        for (var parentId = entry.ParentId; parentId is { } id;)
        {
            var parent = await reader.GetAsync(id, cancellationToken);
            chain.Add(parent);
            parentId = parent.ParentId;
        }
        var ids = chain.Select(c => c.Id).ToList();
        var rows = await db.Set<RecordPropertiesRecord>().AsNoTracking().Where(r => ids.Contains(r.EntryId)).ToDictionaryAsync(r => r.EntryId, cancellationToken);
        return [.. chain.Where(c => rows.ContainsKey(c.Id)).Select(c => (c, rows[c.Id]))];
    }

    /// <summary>The file-plan entries of the given kinds strictly below <paramref name="top"/>.</summary>
    private async Task<List<(EntryRecord Entry, RecordPropertiesRecord Row)>> BelowAsync(
        EntryRecord top, RecordKind[] kinds, bool tracked, CancellationToken cancellationToken)
    {
        var query = db.Set<RecordPropertiesRecord>().Where(r => kinds.Contains(r.Kind) && r.EntryId != top.Id);
        var rows = await (tracked ? query : query.AsNoTracking()).OrderBy(r => r.EntryId).ToListAsync(cancellationToken);
        var below = new List<(EntryRecord, RecordPropertiesRecord)>();
        foreach (var row in rows)
        {
            if (await reader.FindAsync(row.EntryId, cancellationToken) is { } entry && entry.IsSameOrBelow(top))
            {
                below.Add((entry, row));
            }
        }
        return below;
    }

    private async Task<(EntryRecord Entry, RecordPropertiesRecord Row)> RecordRowAsync(int entryId, CancellationToken cancellationToken)
    {
        var entry = await reader.GetAsync(entryId, cancellationToken);
        var row = await db.Set<RecordPropertiesRecord>().AsNoTracking().SingleOrDefaultAsync(r => r.EntryId == entryId, cancellationToken);
        if (row is null || row.Kind == RecordKind.RecordSeries)
        {
            throw NotRecord(entry);
        }
        return (entry, row);
    }

    private async Task<EntryRecord> RecordFolderAsync(int entryId, CancellationToken cancellationToken)
    {
        var (entry, row) = await RecordRowAsync(entryId, cancellationToken);
        if (row.Kind != RecordKind.RecordFolder)
        {
            throw new ApiProblemException(ProblemCatalog.NotARecordFolder, $"Entry {entryId} is a record, not a record folder.");
        }
        return entry;
    }

    private async Task<EntryRecord> FolderOrSeriesAsync(int entryId, CancellationToken cancellationToken)
    {
        var entry = await reader.GetAsync(entryId, cancellationToken);
        if (entry.EntryType == EntryType.RecordSeries)
        {
            return entry;
        }
        return await RecordFolderAsync(entryId, cancellationToken);
    }

    /// <summary>A record series' row; a series entry whose row is missing reads as one without defaults.</summary>
    private async Task<RecordPropertiesRecord> SeriesRowAsync(int entryId, bool tracked, CancellationToken cancellationToken)
    {
        var entry = await reader.GetAsync(entryId, cancellationToken);
        if (entry.EntryType != EntryType.RecordSeries)
        {
            throw new ApiProblemException(ProblemCatalog.NotARecordSeries, $"Entry {entryId} is a {EntryJson.TypeName(entry.EntryType)}, not a record series.");
        }
        var query = db.Set<RecordPropertiesRecord>().Where(r => r.EntryId == entryId);
        var row = await (tracked ? query : query.AsNoTracking()).SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            row = new RecordPropertiesRecord { EntryId = entryId, Kind = RecordKind.RecordSeries };
            if (tracked)
            {
                db.Set<RecordPropertiesRecord>().Add(row);
            }
        }
        return row;
    }

    private static RecordSeriesProperties SeriesWire(RecordPropertiesRecord row) => new(
        row.Code, row.CutoffCriterionId, row.DispositionScheduleId, row.DispositionAuthority, row.IsPermanent, row.ReviewCycleId, row.ReviewInterval, row.ReviewIntervalUnit);

    private static ApiProblemException NotRecord(EntryRecord entry) => new(ProblemCatalog.NotARecord,
        $"Entry {entry.Id} is not a record or record folder and has no records management properties.");

    private static void RequireKnown(int? cutoffCriterionId, int? dispositionScheduleId)
    {
        if (cutoffCriterionId is { } cutoff && cutoff != 0 && FilePlan.Criterion(cutoff) is null)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest,
                $"There is no cutoff criterion {cutoff}; the criteria are {string.Join(", ", FilePlan.CutoffCriteria.Select(c => $"{c.Id} ({c.Name})"))}, or 0 to clear.");
        }
        if (dispositionScheduleId is { } schedule && schedule != 0 && FilePlan.Schedule(schedule) is null)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest,
                $"There is no disposition schedule {schedule}; the schedules are {string.Join(", ", FilePlan.DispositionSchedules.Select(s => $"{s.Id} ({s.Name})"))}, or 0 to clear.");
        }
    }

    private static void RequireReview(int? reviewCycleId, int? reviewInterval)
    {
        if (reviewCycleId < 0)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, "reviewCycleId cannot be negative; give 0 to clear it.");
        }
        if (reviewInterval < 0)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, "reviewInterval cannot be negative.");
        }
    }

    private static int RequireEvent(int? eventId)
    {
        if (eventId is not { } id || !FilePlan.IsEvent(id))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest,
                $"eventId must name a records management event: {string.Join(", ", FilePlan.Events.Select(e => $"{e.Id} ({e.Name})"))}.");
        }
        return id;
    }

    private static List<string> Named(params (string Name, object? Value)[] members) => [.. members.Where(m => m.Value is not null).Select(m => m.Name)];

    private static DateTime? Date(long? ticks) => ticks is { } t ? new DateTime(t, DateTimeKind.Utc) : null;
}
