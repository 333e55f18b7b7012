using LfRepo.Server.Storage;
using Microsoft.AspNetCore.Mvc;

namespace LfRepo.Server.Security;

public static class SecurityExtensions
{
    /// <summary>Users, groups, access control lists, and the entry-rights check every entry route passes.</summary>
    public static IServiceCollection AddSecurity(this IServiceCollection services)
    {
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<EntryAccess>();
        services.AddSingleton<AccessControlService>();
        services.AddSingleton<DefinitionAccess>();
        services.AddSingleton<IStoreFollower, DirectoryFollower>();
        services.AddSingleton<SecuritySeeder>();
        // One filter for every request (it holds only singletons), not one made per request.
        services.AddSingleton<EntryAccessFilter>();
        services.Configure<MvcOptions>(o => ((ServiceFilterAttribute)o.Filters.AddService<EntryAccessFilter>()).IsReusable = true);
        return services;
    }
}
