using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LfRepo.Server.Annotations;

public static class AnnotationExtensions
{
    public static IServiceCollection AddAnnotations(this IServiceCollection services)
    {
        services.AddScoped<AnnotationService>();
        services.AddScoped<AnnotationReasons>();
        services.AddScoped<Documents.IPageRedactions, AnnotationRedactions>();
        // The stamp catalogue registers its own lookup; until then no stamp exists.
        services.TryAddSingleton<IStampLookup, NoStamps>();
        return services;
    }
}
