using LfRepo.Server.Problems;
using Microsoft.Extensions.Options;

namespace LfRepo.Server.Emulator;

/// <summary>One request as the journal keeps it.</summary>
public sealed record JournalEntry(
    long Sequence, DateTimeOffset Timestamp, string Method, string Path, string Query, int Status,
    string? OperationId, string RequestId, string? User, double DurationMs);

/// <summary>What GET /_emulator/requests filters by; every member is optional.</summary>
public sealed record JournalQuery(string? Method, string? Path, string? OperationId, int? Status, string? User, long? Since, int? Limit);

/// <summary>
/// The request journal: the last <see cref="JournalOptions.Capacity"/> API requests (never the control plane's own),
/// oldest first, each with its final status and the Laserfiche operation id it was routed to.
/// </summary>
public sealed class RequestJournal(IOptions<JournalOptions> options)
{
    private readonly Queue<JournalEntry> _entries = new();
    private readonly Lock _lock = new();
    private long _sequence;

    public void Add(Func<long, JournalEntry> create)
    {
        var capacity = Math.Max(1, options.Value.Capacity);
        lock (_lock)
        {
            _entries.Enqueue(create(++_sequence));
            while (_entries.Count > capacity)
            {
                _entries.Dequeue();
            }
        }
    }

    public IReadOnlyList<JournalEntry> Find(JournalQuery query)
    {
        if (query.Limit is < 1)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"'limit' must be 1 or more, not {query.Limit}.");
        }
        List<JournalEntry> all;
        lock (_lock)
        {
            all = [.. _entries];
        }
        var matching = all.Where(e =>
            (query.Since is null || e.Sequence > query.Since) &&
            (query.Method is null || e.Method.Equals(query.Method, StringComparison.OrdinalIgnoreCase)) &&
            (query.Path is null || e.Path.StartsWith(query.Path, StringComparison.OrdinalIgnoreCase)) &&
            (query.OperationId is null || string.Equals(e.OperationId, query.OperationId, StringComparison.OrdinalIgnoreCase)) &&
            (query.Status is null || e.Status == query.Status) &&
            (query.User is null || string.Equals(e.User, query.User, StringComparison.OrdinalIgnoreCase)));
        return [.. query.Limit is { } limit ? matching.Take(limit) : matching];
    }

    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
        }
    }
}
