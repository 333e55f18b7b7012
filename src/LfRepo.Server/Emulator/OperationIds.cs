using System.Collections.Concurrent;
using LfRepo.Server.Api;

namespace LfRepo.Server.Emulator;

/// <summary>The Laserfiche operation id (StartCopyEntry, GetEntry …) of the endpoint a request was routed to.</summary>
public static class OperationIds
{
    private static readonly Dictionary<string, string> ByRoute = OperationTable.All
        .GroupBy(o => UnsupportedOperations.Key(o.Method, o.Route), StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First().OperationId, StringComparer.Ordinal);

    private static readonly ConcurrentDictionary<(Endpoint, string), string?> ByEndpoint = new();

    public static string? Of(HttpContext context)
    {
        if (context.GetEndpoint() is not RouteEndpoint endpoint || endpoint.RoutePattern.RawText is not { } route)
        {
            return null;
        }
        return ByEndpoint.GetOrAdd((endpoint, context.Request.Method),
            key => ByRoute.GetValueOrDefault(UnsupportedOperations.Key(key.Item2, route)));
    }
}
