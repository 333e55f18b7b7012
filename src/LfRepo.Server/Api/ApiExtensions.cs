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
        services.AddSingleton<RepositoryRouteFilter>();
        services.AddControllers(o =>
            {
                ((ServiceFilterAttribute)o.Filters.AddService<RepositoryRouteFilter>()).IsReusable = true;
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
            o.SwaggerDoc("table", new OpenApiInfo { Title = "Laserfiche Table API (LfRepo)", Version = "v1" });
            // The Table API: its preview routes (table/v1/Tables) and its OData routes (odata4/table).
            o.DocInclusionPredicate((document, api) => api.RelativePath is { } path &&
                (path.Equals(document, StringComparison.OrdinalIgnoreCase) || path.StartsWith(document + "/", StringComparison.OrdinalIgnoreCase) ||
                 (document == "table" && path.StartsWith("odata4/", StringComparison.OrdinalIgnoreCase))));
            o.CustomOperationIds(api => api.ActionDescriptor.RouteValues["action"]);
            var xml = Path.Combine(AppContext.BaseDirectory, "LfRepo.Server.xml");
            if (File.Exists(xml))
            {
                o.IncludeXmlComments(xml);
            }
        });
        return services;
    }

    /// <summary>The Swagger document and UI under /swagger; other requests do not pass through them.</summary>
    public static WebApplication UseSwaggerPages(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase), swagger =>
        {
            // The documents are the Laserfiche specs for what LfRepo routes (OpenApiDocuments), not Swashbuckle's own.
            swagger.UseOpenApiDocuments();
            swagger.UseSwaggerUI(o =>
            {
                o.SwaggerEndpoint("/swagger/v2/swagger.json", "Repository API v2");
                o.SwaggerEndpoint("/swagger/v1/swagger.json", "Repository API v1 (and the Token operation)");
                o.SwaggerEndpoint("/swagger/table/swagger.json", "Table API");
                o.EnablePersistAuthorization();
            });
        });
        return app;
    }

    /// <summary>
    /// HEAD is answered as GET without the body, as HTTP asks of every GET resource; attribute routes name GET only.
    /// The method is HEAD again before the response starts, so the server sends headers only.
    /// </summary>
    public static WebApplication UseHeadAsGet(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await next(context);
                return;
            }
            context.Request.Method = HttpMethods.Get;
            var body = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()!;
            context.Features.Set<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null, body));
            context.Response.OnStarting(() =>
            {
                context.Request.Method = HttpMethods.Head;
                return Task.CompletedTask;
            });
            try
            {
                await next(context);
            }
            finally
            {
                context.Features.Set(body);
                context.Request.Method = HttpMethods.Head;
            }
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
        var errors = context.ModelState.Where(kv => kv.Value is { Errors.Count: > 0 }).ToList();
        // A body that did not bind also leaves its parameter "required"; the member's own error says more.
        if (errors.Any(kv => kv.Key.StartsWith('$')))
        {
            errors.RemoveAll(kv => bodyParameters.Contains(kv.Key));
        }
        var problems = errors.Select(kv =>
            {
                var where = kv.Key.Length == 0 || kv.Key == "$" || bodyParameters.Contains(kv.Key)
                    ? "The request body"
                    : kv.Key.StartsWith("$.", StringComparison.Ordinal) ? $"The body member '{kv.Key[2..]}'" : $"'{kv.Key}'";
                var messages = kv.Value!.Errors.Select(e => InClientTerms(string.IsNullOrEmpty(e.ErrorMessage) ? e.Exception?.Message : e.ErrorMessage));
                return $"{where}: {string.Join(" ", messages)}";
            });
        return string.Join("; ", problems);
    }

    /// <summary>System.Text.Json's "could not be converted to System.Nullable`1[System.Int32]" said in JSON's terms.</summary>
    private static string? InClientTerms(string? message)
    {
        if (message is null)
        {
            return null;
        }
        var match = System.Text.RegularExpressions.Regex.Match(message,
            @"^The JSON value could not be converted to (?<type>\S+)\. Path: (?<path>\S+) \| LineNumber: (?<line>\d+) \| BytePositionInLine: (?<byte>\d+)\.");
        if (!match.Success)
        {
            return message;
        }
        var type = match.Groups["type"].Value;
        var inner = System.Text.RegularExpressions.Regex.Match(type, @"^System\.Nullable`1\[(?<t>.+)\]$");
        if (inner.Success)
        {
            type = inner.Groups["t"].Value;
        }
        var expected = type switch
        {
            "System.Int32" or "System.Int16" or "System.Int64" or "System.UInt32" or "System.Byte" => "an integer in range",
            "System.Double" or "System.Decimal" or "System.Single" => "a number",
            "System.Boolean" => "true or false",
            "System.String" => "a string",
            "System.DateTime" or "System.DateTimeOffset" => "a date-time string",
            _ when type.Contains("List`1", StringComparison.Ordinal) || type.EndsWith("[]", StringComparison.Ordinal) => "an array",
            _ when type.Contains("Dictionary`2", StringComparison.Ordinal) => "an object of string values",
            _ when Type.GetType(type) is { IsEnum: true } e => "one of " + string.Join(", ", Enum.GetNames(e)),
            _ => "an object of the operation's request shape",
        };
        var line = int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture) + 1;
        return $"the value at {match.Groups["path"].Value} must be {expected} (line {line}, byte {match.Groups["byte"].Value}).";
    }
}

/// <summary>An action result that answers with a problem from the catalogue.</summary>
public sealed class ProblemResult(ProblemKind kind, string? detail) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context) => ProblemWriter.WriteAsync(context.HttpContext, kind, detail);
}
