namespace LfRepo.Server.Annotations;

public static class AnnotationExtensions
{
    public static IServiceCollection AddAnnotations(this IServiceCollection services)
    {
        services.AddScoped<AnnotationService>();
        services.AddScoped<AnnotationReasons>();
        services.AddScoped<Documents.IPageRedactions, AnnotationRedactions>();
        services.AddSingleton<Documents.IPageDependents, AnnotationPages>();
        // IStampLookup is the stamp catalogue's (Stamps/StampExtensions).
        return services;
    }
}
