using System.Text.Json.Serialization;

namespace LfRepo.Server.Records;

[JsonConverter(typeof(JsonStringEnumConverter<RecordEntryType>))]
public enum RecordEntryType
{
    Record,
    RecordFolder,
}

[JsonConverter(typeof(JsonStringEnumConverter<DispositionState>))]
public enum DispositionState
{
    Open,
    Closed,
    InRetention,
    Transferred,
    Eligible,
    Partial,
    Final,
}

[JsonConverter(typeof(JsonStringEnumConverter<EligibleRecordsAction>))]
public enum EligibleRecordsAction
{
    Disposition,
    Transfer,
}

public sealed record RecordsManagementTransferDate(int TransferId, int TransferNumber, DateTime? Date, DateTime? EligibleDate, bool Transferred);

/// <summary>The members RecordProperties and RecordFolderProperties share; <see cref="RecordType"/> tells them apart.</summary>
public abstract record RecordsManagementProperties
{
    public RecordEntryType RecordType { get; init; }

    public DispositionState? DispositionState { get; init; }

    public bool IsCutoff { get; init; }

    public bool IsEligibleForCutoff { get; init; }

    public bool IsEligibleForFinalDisposition { get; init; }

    public DateTime? CutoffDate { get; init; }

    public DateTime? CutoffEligibility { get; init; }

    public DateTime? FinalDispositionEligibility { get; init; }

    public DateTime? DispositionConfirmationDate { get; init; }

    public IReadOnlyList<RecordsManagementTransferDate>? TransferDates { get; init; }

    public int? LocationId { get; init; }

    public int? ActiveDispositionScheduleId { get; init; }

    public int? CutoffCriterionId { get; init; }

    public int? DispositionScheduleId { get; init; }

    public DateTime? FilingDate { get; init; }

    public DateTime? TriggerDate { get; init; }
}

/// <summary>A document record's properties (recordType Record).</summary>
public sealed record RecordProperties : RecordsManagementProperties
{
    public int? RecordFolderId { get; init; }

    public bool? UnderRecordFolder { get; init; }

    public bool? IsIndividuallyCutoff { get; init; }

    public bool? IsCutoffCriterionInherited { get; init; }

    public bool? IsDispositionScheduleInherited { get; init; }

    public string? Reviewer { get; init; }

    public DateTime? LastReviewDate { get; init; }

    public DateTime? NextReviewDate { get; init; }
}

/// <summary>A record folder's properties (recordType RecordFolder).</summary>
public sealed record RecordFolderProperties : RecordsManagementProperties
{
    public bool? IsClosed { get; init; }

    public bool? IsPermanent { get; init; }

    public string? DispositionAuthority { get; init; }

    public int? ReviewCycleId { get; init; }

    public int? ReviewInterval { get; init; }

    public ReviewIntervalUnit? ReviewIntervalUnit { get; init; }
}

/// <summary>Body of UpdateEntryRecordsManagementProperties: null members are left unchanged; ids take 0 to clear.</summary>
public sealed record UpdateRecordsManagementPropertiesRequest
{
    public int? CutoffCriterionId { get; init; }

    public int? DispositionScheduleId { get; init; }

    public DateTimeOffset? FilingDate { get; init; }

    public DateTimeOffset? TriggerDate { get; init; }

    public bool? IsCutoffCriterionInherited { get; init; }

    public bool? IsDispositionScheduleInherited { get; init; }

    public DateTimeOffset? LastReviewDate { get; init; }

    public bool ClearLastReviewDate { get; init; }

    public bool ClearTriggerDate { get; init; }

    public bool? IsClosed { get; init; }

    public bool? IsPermanent { get; init; }

    public string? DispositionAuthority { get; init; }

    public int? ReviewCycleId { get; init; }

    public int? ReviewInterval { get; init; }

    public ReviewIntervalUnit? ReviewIntervalUnit { get; init; }
}

public sealed record RecordSeriesProperties(
    string? Code, int? CutoffCriterionId, int? DispositionScheduleId, string? DispositionAuthority, bool IsPermanent,
    int? ReviewCycleId, int? ReviewInterval, ReviewIntervalUnit? ReviewIntervalUnit);

/// <summary>Body of UpdateRecordSeriesProperties: null members are left unchanged; ids take 0 to clear.</summary>
public sealed record UpdateRecordSeriesPropertiesRequest
{
    public int? CutoffCriterionId { get; init; }

    public int? DispositionScheduleId { get; init; }

    public string? DispositionAuthority { get; init; }

    public bool? IsPermanent { get; init; }

    public int? ReviewCycleId { get; init; }

    public int? ReviewInterval { get; init; }

    public ReviewIntervalUnit? ReviewIntervalUnit { get; init; }

    /// <summary>Write the changed defaults to the record folders, records and series beneath too.</summary>
    public bool Cascade { get; init; }
}

public sealed record CreateRecordSeriesRequest
{
    public string? Name { get; init; }

    public string? Code { get; init; }

    public bool AutoRename { get; init; }
}

public sealed record SetRecordEventRequest
{
    public int? EventId { get; init; }

    public DateTimeOffset? Date { get; init; }
}

public sealed record RemoveRecordEventRequest
{
    public int? EventId { get; init; }
}

public sealed record RecordEntryIdCollection(IReadOnlyList<int> EntryIds);

public sealed record AltRetentionEvent(int EntryId, int EventId, DateTime? TriggerDate);

public sealed record AltRetentionEventCollection(IReadOnlyList<AltRetentionEvent> Events);
