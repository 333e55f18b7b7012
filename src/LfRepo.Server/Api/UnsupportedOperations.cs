using LfRepo.Server.Problems;

namespace LfRepo.Server.Api;

public static class UnsupportedOperations
{
    /// <summary>Lower priority than any controller action on the same route.</summary>
    private const int FallbackOrder = 1_000;

    /// <summary>Maps each operation of <see cref="OperationTable"/> to a 501 naming it.</summary>
    public static IEndpointRouteBuilder MapUnsupportedOperations(this IEndpointRouteBuilder endpoints)
    {
        foreach (var (method, route, operationId) in OperationTable.All)
        {
            var detail = $"The operation {operationId} ({method} /{route}) is not supported by LfRepo yet.";
            endpoints.MapMethods(route, [method], (HttpContext context) =>
                    ProblemWriter.WriteAsync(context, ProblemCatalog.NotImplemented, detail))
                .WithMetadata(new UnsupportedOperationMetadata(operationId))
                .ExcludeFromDescription()
                .Add(b => ((RouteEndpointBuilder)b).Order = FallbackOrder);
        }
        return endpoints;
    }
}

/// <summary>Marks the 501 endpoints, so tests and tools can tell them from real ones.</summary>
public sealed record UnsupportedOperationMetadata(string OperationId);
