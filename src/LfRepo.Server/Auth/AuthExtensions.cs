using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;

namespace LfRepo.Server.Auth;

public static class AuthExtensions
{
    /// <summary>Bearer tokens from the Token endpoint; every endpoint needs one unless it says [AllowAnonymous].</summary>
    public static IServiceCollection AddTokenAuth(this IServiceCollection services)
    {
        services.AddSingleton<TokenService>();
        // Authentication pulls in data protection; nothing here protects data across restarts, so keep keys in memory.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddAuthentication(BearerAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(BearerAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build());
        return services;
    }
}
