namespace LfRepo.Server.Annotations;

public static class AnnotationExtensions
{
    public static IServiceCollection AddAnnotations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AnnotationOptions>().Bind(configuration.GetSection(AnnotationOptions.Section));
        services.AddScoped<AnnotationService>();
        services.AddScoped<AnnotationReasons>();
        services.AddScoped<Documents.IPageRedactions, AnnotationRedactions>();
        services.AddSingleton<Documents.IPageDependents, AnnotationPages>();
        // IStampLookup is the stamp catalogue's (Stamps/StampExtensions).
        return services;
    }
}
