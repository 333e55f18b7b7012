using Microsoft.Extensions.DependencyInjection.Extensions;
using LfRepo.Server.Tasks;

namespace LfRepo.Server.Documents;

public static class DocumentExtensions
{
    public static IServiceCollection AddDocuments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DocumentOptions>()
            .Bind(configuration.GetSection(DocumentOptions.Section))
            .Validate(o => o.MaxImportBytes > 0 && o.MaxUploadBytes > 0 && o.MinPartBytes >= 0 && o.LinkLifetimeMinutes > 0,
                "LfRepo:Documents needs positive MaxImportBytes, MaxUploadBytes and LinkLifetimeMinutes.")
            .ValidateOnStart();
        services.AddSingleton<ContentStore>();
        services.AddSingleton<DocumentStore>();
        services.AddSingleton<DownloadLinks>();
        services.AddSingleton<UploadStore>();
        services.AddSingleton<PageRasterizer>();
        services.AddSingleton<PageImages>();
        services.TryAddSingleton<IPageRedactions, NoPageRedactions>();
        services.AddSingleton<DocumentLocks>();
        services.AddSingleton<TextRecognizer>();
        services.AddScoped<PageEditor>();
        services.AddScoped<VersionControl>();
        services.AddScoped<DocumentUpdates>();
        services.AddScoped<ImportService>();
        services.AddScoped<ExportService>();
        services.AddScoped<ITaskHandler, ImportUploadedPartsTask>();
        services.AddScoped<ITaskHandler, ExportEntryTask>();
        return services;
    }
}
