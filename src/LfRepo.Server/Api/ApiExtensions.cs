using System.Text.Json;
using System.Text.Json.Serialization;
using LfRepo.Server.Problems;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;

namespace LfRepo.Server.Api;

public static class ApiExtensions
{
    /// <summary>Attribute-routed controllers spelling the Laserfiche paths, their JSON rules, and Swagger.</summary>
    public static IServiceCollection AddLaserficheApi(this IServiceCollection services)
    {
        services.AddControllers(o =>
            {
                o.Filters.Add<RepositoryRouteFilter>();
                o.SuppressAsyncSuffixInActionNames = false;
            })
            .AddJsonOptions(o =>
            {
                o.JsonSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
                o.JsonSerializerOptions.PropertyNameCaseInsensitive = true;
                o.JsonSerializerOptions.Converters.Add(new JsonStringEnumConverter());
            })
            .ConfigureApiBehaviorOptions(o =>
            {
                // Empty client-error results (415 and friends) are filled in by the problem middleware.
                o.SuppressMapClientErrors = true;
                o.InvalidModelStateResponseFactory = context => new ProblemResult(ProblemCatalog.InvalidRequest, Describe(context));
            });

        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v2", new OpenApiInfo { Title = "Laserfiche Repository API (LfRepo)", Version = "v2" });
            o.SwaggerDoc("v1", new OpenApiInfo { Title = "Laserfiche Repository API (LfRepo)", Version = "v1" });
            o.DocInclusionPredicate((document, api) => api.RelativePath is { } path &&
                (path.Equals(document, StringComparison.OrdinalIgnoreCase) || path.StartsWith(document + "/", StringComparison.OrdinalIgnoreCase)));
            o.CustomOperationIds(api => api.ActionDescriptor.RouteValues["action"]);
            var xml = Path.Combine(AppContext.BaseDirectory, "LfRepo.Server.xml");
            if (File.Exists(xml))
            {
                o.IncludeXmlComments(xml);
            }
        });
        return services;
    }

    public static WebApplication UseSwaggerPages(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint("/swagger/v2/swagger.json", "Repository API v2");
            o.SwaggerEndpoint("/swagger/v1/swagger.json", "Repository API v1");
        });
        return app;
    }

    /// <summary>Says what was wrong with the request: which member, or the body as a whole.</summary>
    private static string Describe(ActionContext context)
    {
        var bodyParameters = context.ActionDescriptor.Parameters
            .Where(p => p.BindingInfo?.BindingSource == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Body)
            .Select(p => p.Name)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var problems = context.ModelState
            .Where(kv => kv.Value is { Errors.Count: > 0 })
            .Select(kv =>
            {
                var where = kv.Key.Length == 0 || kv.Key == "$" || bodyParameters.Contains(kv.Key)
                    ? "The request body"
                    : kv.Key.StartsWith("$.", StringComparison.Ordinal) ? $"The body member '{kv.Key[2..]}'" : $"'{kv.Key}'";
                var messages = kv.Value!.Errors.Select(e => string.IsNullOrEmpty(e.ErrorMessage) ? e.Exception?.Message : e.ErrorMessage);
                return $"{where}: {string.Join(" ", messages)}";
            });
        return string.Join("; ", problems);
    }
}

/// <summary>An action result that answers with a problem from the catalogue.</summary>
public sealed class ProblemResult(ProblemKind kind, string? detail) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context) => ProblemWriter.WriteAsync(context.HttpContext, kind, detail);
}
