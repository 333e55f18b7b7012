using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using LfRepo.Server.Storage;

namespace LfRepo.Server.Auth;

public static class AuthExtensions
{
    /// <summary>Bearer tokens from the Token endpoint; every endpoint needs one unless it says [AllowAnonymous].</summary>
    public static IServiceCollection AddTokenAuth(this IServiceCollection services)
    {
        services.AddSingleton<TokenSigningKey>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<IPasswordHasher<UserRecord>, PasswordHasher<UserRecord>>();
        // PBKDF2 at a tenth of Identity's default cost: still a slow salted hash, but start-up and the first token
        // of each process (later ones are answered from TokenService's verified-credential cache) stay quick.
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = 10_000);
        services.AddScoped<IStoreSeed, AdminUserSeed>();
        // Authentication pulls in data protection; nothing here protects data across restarts, so keep keys in memory.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddAuthentication(BearerAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(BearerAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build());
        return services;
    }
}
