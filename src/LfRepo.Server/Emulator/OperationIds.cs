using LfRepo.Server.Api;

namespace LfRepo.Server.Emulator;

/// <summary>The Laserfiche operation id (StartCopyEntry, GetEntry …) of the endpoint a request was routed to.</summary>
public static class OperationIds
{
    private static readonly Dictionary<string, string> ByRoute = OperationTable.All
        .GroupBy(o => UnsupportedOperations.Key(o.Method, o.Route), StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First().OperationId, StringComparer.Ordinal);

    public static string? Of(HttpContext context)
    {
        if (context.GetEndpoint() is not RouteEndpoint endpoint || endpoint.RoutePattern.RawText is not { } route)
        {
            return null;
        }
        return ByRoute.GetValueOrDefault(UnsupportedOperations.Key(context.Request.Method, route));
    }
}
