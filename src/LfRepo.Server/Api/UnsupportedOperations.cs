using System.Text.RegularExpressions;
using LfRepo.Server.Problems;
using Microsoft.AspNetCore.Mvc.ActionConstraints;
using Microsoft.AspNetCore.Mvc.Infrastructure;

namespace LfRepo.Server.Api;

public static partial class UnsupportedOperations
{
    /// <summary>Maps each operation of <see cref="OperationTable"/> that no controller serves to a 501 naming it.</summary>
    public static IEndpointRouteBuilder MapUnsupportedOperations(this IEndpointRouteBuilder endpoints)
    {
        var implemented = endpoints.ServiceProvider.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items
            .Where(a => a.AttributeRouteInfo?.Template is not null)
            .SelectMany(a => (a.ActionConstraints?.OfType<HttpMethodActionConstraint>().SelectMany(c => c.HttpMethods) ?? [])
                .Select(method => Key(method, a.AttributeRouteInfo!.Template!)))
            .ToHashSet(StringComparer.Ordinal);

        foreach (var (method, route, operationId) in OperationTable.All)
        {
            if (implemented.Contains(Key(method, route)))
            {
                continue;
            }
            var detail = $"The operation {operationId} ({method} /{route}) is not supported by LfRepo yet.";
            endpoints.MapMethods(route, [method], (HttpContext context) =>
                    ProblemWriter.WriteAsync(context, ProblemCatalog.NotImplemented, detail))
                .WithMetadata(new UnsupportedOperationMetadata(operationId))
                .ExcludeFromDescription();
        }
        return endpoints;
    }

    /// <summary>Method and route with parameter names and constraints erased, compared ignoring case.</summary>
    internal static string Key(string method, string template) =>
        method.ToUpperInvariant() + " " + RouteParameter().Replace(template.Trim('/'), "{}").ToLowerInvariant();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex RouteParameter();
}

/// <summary>Marks the 501 endpoints, so tests and tools can tell them from real ones.</summary>
public sealed record UnsupportedOperationMetadata(string OperationId);
