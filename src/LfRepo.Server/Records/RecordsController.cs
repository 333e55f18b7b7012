using System.Text.Json;
using System.Text.Json.Nodes;
using LfRepo.Server.Api;
using LfRepo.Server.Entries;
using LfRepo.Server.Metadata;
using LfRepo.Server.Problems;
using LfRepo.Server.Security;
using Microsoft.AspNetCore.Mvc;

namespace LfRepo.Server.Records;

/// <summary>The records management operations: the file plan's record series, record folders and records.</summary>
[ApiController]
[Tags("RecordsManagement")]
[Route("v2/Repositories/{repositoryId}/Entries")]
public sealed class RecordsController(RecordsService records) : ControllerBase
{
    private static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.Web);

    /// <summary>Returns the records management properties of a record or record folder (404 for any other entry).</summary>
    [HttpGet("{entryId:int}/RecordsManagement/Properties")]
    [ProducesResponseType<RecordsManagementProperties>(StatusCodes.Status200OK)]
    public async Task<IActionResult> GetEntryRecordsManagementProperties(string repositoryId, int entryId, [FromQuery(Name = "$select")] string? select, CancellationToken cancellationToken) =>
        Selected(await records.GetPropertiesAsync(entryId, cancellationToken), select);

    /// <summary>
    /// Updates the records management properties; a plain document becomes a record and a plain folder a record
    /// folder first. Members that do not apply to the resulting type are a 400. Setting the last review date needs
    /// SetReviewDate, opening or closing a record folder needs Close.
    /// </summary>
    [HttpPatch("{entryId:int}/RecordsManagement/Properties")]
    [Consumes("application/json")]
    [EntryRight(EntryRight.WriteMetadata)]
    [ProducesResponseType<RecordsManagementProperties>(StatusCodes.Status200OK)]
    public async Task<IActionResult> UpdateEntryRecordsManagementProperties(
        string repositoryId, int entryId, [FromBody] UpdateRecordsManagementPropertiesRequest request, CancellationToken cancellationToken) =>
        Selected(await records.UpdatePropertiesAsync(entryId, request, this.UserName(), cancellationToken), null);

    /// <summary>Returns the ids of the records and record folders at or below a record folder or series that are eligible for the action now.</summary>
    [HttpGet("{entryId:int}/RecordsManagement/EligibleRecords")]
    [ProducesResponseType<RecordEntryIdCollection>(StatusCodes.Status200OK)]
    public async Task<IActionResult> GetEligibleRecords(
        string repositoryId, int entryId, [FromQuery] EligibleRecordsAction? eligibleFor, [FromQuery(Name = "$select")] string? select, CancellationToken cancellationToken)
    {
        if (eligibleFor is not { } action)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, "The query parameter 'eligibleFor' is required: Disposition or Transfer.");
        }
        return Selected(new RecordEntryIdCollection(await records.EligibleAsync(entryId, action, cancellationToken)), select);
    }

    /// <summary>Returns the ids of the records below a record folder that keep their own cutoff criterion or disposition schedule.</summary>
    [HttpGet("{entryId:int}/RecordsManagement/IndependentRecords")]
    [ProducesResponseType<RecordEntryIdCollection>(StatusCodes.Status200OK)]
    public async Task<IActionResult> GetIndependentRecords(string repositoryId, int entryId, [FromQuery(Name = "$select")] string? select, CancellationToken cancellationToken) =>
        Selected(new RecordEntryIdCollection(await records.IndependentAsync(entryId, cancellationToken)), select);

    /// <summary>Returns the record folder's alternate-retention trigger events.</summary>
    [HttpGet("{entryId:int}/RecordsManagement/AltRetentionEvents")]
    [ProducesResponseType<AltRetentionEventCollection>(StatusCodes.Status200OK)]
    public async Task<IActionResult> GetAltRetentionEvents(string repositoryId, int entryId, [FromQuery(Name = "$select")] string? select, CancellationToken cancellationToken) =>
        Selected(new AltRetentionEventCollection(await records.AltRetentionEventsAsync(entryId, cancellationToken)), select);

    /// <summary>Returns a record series' retention defaults.</summary>
    [HttpGet("{entryId:int}/RecordSeries/Properties")]
    [ProducesResponseType<RecordSeriesProperties>(StatusCodes.Status200OK)]
    public async Task<IActionResult> GetRecordSeriesProperties(string repositoryId, int entryId, [FromQuery(Name = "$select")] string? select, CancellationToken cancellationToken) =>
        Selected(await records.GetSeriesAsync(entryId, cancellationToken), select);

    /// <summary>Updates a record series' retention defaults; with cascade, the changed defaults are written to what lies beneath too.</summary>
    [HttpPatch("{entryId:int}/RecordSeries/Properties")]
    [Consumes("application/json")]
    [EntryRight(EntryRight.WriteMetadata)]
    [ProducesResponseType<RecordSeriesProperties>(StatusCodes.Status200OK)]
    public async Task<IActionResult> UpdateRecordSeriesProperties(
        string repositoryId, int entryId, [FromBody] UpdateRecordSeriesPropertiesRequest request, CancellationToken cancellationToken) =>
        Selected(await records.UpdateSeriesAsync(entryId, request, cancellationToken), null);

    /// <summary>Sets the date a records management event occurred for a record or record folder.</summary>
    [HttpPost("{entryId:int}/RecordsManagement/SetEvent")]
    [Consumes("application/json")]
    [EntryRight(EntryRight.SetEventDate)]
    [ProducesResponseType<RecordsManagementProperties>(StatusCodes.Status200OK)]
    public async Task<IActionResult> SetRecordEvent(string repositoryId, int entryId, [FromBody] SetRecordEventRequest request, CancellationToken cancellationToken) =>
        Selected(await records.SetEventAsync(entryId, request, cancellationToken), null);

    /// <summary>Removes the date of a records management event from a record or record folder.</summary>
    [HttpPost("{entryId:int}/RecordsManagement/RemoveEvent")]
    [Consumes("application/json")]
    [EntryRight(EntryRight.SetEventDate)]
    [ProducesResponseType<RecordsManagementProperties>(StatusCodes.Status200OK)]
    public async Task<IActionResult> RemoveRecordEvent(string repositoryId, int entryId, [FromBody] RemoveRecordEventRequest request, CancellationToken cancellationToken) =>
        Selected(await records.RemoveEventAsync(entryId, request, cancellationToken), null);

    /// <summary>Creates a record series in the file-plan root (the repository root) or in another record series.</summary>
    [HttpPost("{parentEntryId:int}/RecordSeries")]
    [Consumes("application/json")]
    [EntryRight(EntryRight.CreateFolder)]
    [ProducesResponseType(StatusCodes.Status201Created)]
    public async Task<IActionResult> CreateRecordSeries(
        string repositoryId, int parentEntryId, [FromBody] CreateRecordSeriesRequest request, [FromServices] MetadataCatalog catalog, CancellationToken cancellationToken)
    {
        var series = await records.CreateSeriesAsync(parentEntryId, request, this.UserName(), cancellationToken);
        return new JsonBodyResult(w => EntryJson.Write(w, series, templateFieldNames: catalog.TemplateFieldNames(series.TemplateId)),
            StatusCodes.Status201Created, this.EntryUri(repositoryId, series.Id));
    }

    /// <summary>The value with only the <c>$select</c>ed members (recordType always stays, it names the shape).</summary>
    private static JsonBodyResult Selected<T>(T value, string? select)
    {
        var node = InSpecOrder(value!, JsonSerializer.SerializeToNode<object>(value!, Wire)!.AsObject());
        if (!string.IsNullOrWhiteSpace(select))
        {
            var wanted = select.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var unknown = wanted.Where(w => !node.ContainsKey(w)).ToList();
            if (unknown.Count > 0)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidQueryOption, $"$select names unknown members: {string.Join(", ", unknown)}.");
            }
            foreach (var name in node.Select(m => m.Key).Where(k => k != "recordType" && !wanted.Contains(k)).ToList())
            {
                node.Remove(name);
            }
        }
        return new JsonBodyResult(w => node.WriteTo(w));
    }

    /// <summary>The serializer writes a subtype's members first; the spec lists the base type's first.</summary>
    private static JsonObject InSpecOrder(object value, JsonObject node)
    {
        var hierarchy = new List<Type>();
        for (var type = value.GetType(); type is not null && type != typeof(object); type = type.BaseType)
        {
            hierarchy.Insert(0, type);
        }
        var order = hierarchy
            .SelectMany(t => t.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly))
            .Select(p => Wire.PropertyNamingPolicy!.ConvertName(p.Name))
            .ToList();
        var ordered = new JsonObject();
        foreach (var name in order.Where(node.ContainsKey))
        {
            ordered[name] = node[name]?.DeepClone();
        }
        return ordered;
    }
}
