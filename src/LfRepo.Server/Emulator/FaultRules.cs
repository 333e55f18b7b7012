using LfRepo.Server.Problems;

namespace LfRepo.Server.Emulator;

/// <summary>POST /_emulator/faults: which requests to break, and how.</summary>
public sealed record FaultRuleRequest(
    string? OperationId, string? Path, string? Method, int? Status, int? ErrorCode, int? RetryAfterSeconds,
    int? DelayMs, int? Times, double? Probability, string? User);

/// <summary>A fault rule as listed: the request's members, its id, and the times left (null: until deleted).</summary>
public sealed record FaultRule(
    string Id, string? OperationId, string? Path, string? Method, int? Status, int? ErrorCode, int? RetryAfterSeconds,
    int? DelayMs, int? Times, double Probability, string? User);

/// <summary>
/// The fault rules. A request matches a rule by operation id or path prefix, and by method and user when the rule
/// names them; a matching request is delayed and/or answered with the rule's problem before its endpoint runs, so
/// it changes nothing. A rule with <c>times</c> counts down and goes at 0.
/// </summary>
public sealed class FaultRules
{
    private readonly List<FaultRule> _rules = [];
    private readonly Lock _lock = new();
    private int _nextId;
    private volatile int _count;

    /// <summary>Whether no rule is set: the fault middleware then costs one read.</summary>
    public bool IsEmpty => _count == 0;

    public FaultRule Add(FaultRuleRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.OperationId) == string.IsNullOrWhiteSpace(request.Path))
        {
            throw Invalid("Name exactly one of 'operationId' (e.g. GetEntry) and 'path' (a path prefix).");
        }
        if (request.Status is { } status && status is < 400 or > 599)
        {
            throw Invalid($"'status' must be an error status from 400 to 599, not {status}.");
        }
        if (request.Status is null && request.DelayMs is null or 0)
        {
            throw Invalid("Give a 'status' to answer with, a 'delayMs' to wait, or both.");
        }
        if (request.DelayMs is < 0 or > 120_000)
        {
            throw Invalid($"'delayMs' must be between 0 and 120000, not {request.DelayMs}.");
        }
        if (request.Times is < 1)
        {
            throw Invalid($"'times' must be 1 or more, not {request.Times}.");
        }
        if (request.Probability is { } p && (p <= 0 || p > 1 || double.IsNaN(p)))
        {
            throw Invalid($"'probability' must be more than 0 and at most 1, not {p}.");
        }
        if (request.RetryAfterSeconds is < 0)
        {
            throw Invalid($"'retryAfterSeconds' must not be negative, not {request.RetryAfterSeconds}.");
        }
        lock (_lock)
        {
            var rule = new FaultRule(
                (++_nextId).ToString(System.Globalization.CultureInfo.InvariantCulture), Blank(request.OperationId), Blank(request.Path),
                Blank(request.Method)?.ToUpperInvariant(), request.Status, request.ErrorCode, request.RetryAfterSeconds,
                request.DelayMs is 0 ? null : request.DelayMs, request.Times, request.Probability ?? 1, Blank(request.User));
            _rules.Add(rule);
            _count = _rules.Count;
            return rule;
        }
    }

    public IReadOnlyList<FaultRule> List()
    {
        lock (_lock)
        {
            return [.. _rules];
        }
    }

    public void Remove(string id)
    {
        lock (_lock)
        {
            var removed = _rules.RemoveAll(r => r.Id == id);
            _count = _rules.Count;
            if (removed == 0)
            {
                throw new ApiProblemException(ProblemCatalog.FaultRuleNotFound, $"There is no fault rule with id '{id}'.");
            }
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _rules.Clear();
            _count = 0;
        }
    }

    /// <summary>The first rule matching the request (its path with or without the path base), counted down; null when none applies.</summary>
    public FaultRule? Match(string method, string fullPath, string path, string? operationId, string? user)
    {
        lock (_lock)
        {
            if (_rules.Count == 0)
            {
                return null;
            }
            for (var i = 0; i < _rules.Count; i++)
            {
                var rule = _rules[i];
                var matches =
                    (rule.OperationId is null || string.Equals(rule.OperationId, operationId, StringComparison.OrdinalIgnoreCase)) &&
                    (rule.Path is null || fullPath.StartsWith(rule.Path, StringComparison.OrdinalIgnoreCase) || path.StartsWith(rule.Path, StringComparison.OrdinalIgnoreCase)) &&
                    (rule.Method is null || rule.Method.Equals(method, StringComparison.OrdinalIgnoreCase)) &&
                    (rule.User is null || string.Equals(rule.User, user, StringComparison.OrdinalIgnoreCase));
                if (!matches || (rule.Probability < 1 && Random.Shared.NextDouble() >= rule.Probability))
                {
                    continue;
                }
                if (rule.Times is { } times)
                {
                    if (times <= 1)
                    {
                        _rules.RemoveAt(i);
                        _count = _rules.Count;
                    }
                    else
                    {
                        _rules[i] = rule with { Times = times - 1 };
                    }
                }
                return rule;
            }
            return null;
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static ApiProblemException Invalid(string detail) => new(ProblemCatalog.InvalidRequest, detail);
}
