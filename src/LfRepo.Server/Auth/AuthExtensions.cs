using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using LfRepo.Server.Storage;
using Microsoft.Extensions.Options;

namespace LfRepo.Server.Auth;

public static class AuthExtensions
{
    /// <summary>
    /// The rate-limit policy of the Token endpoint: a token bucket per client address (its 429 is written by the one
    /// rejection handler, beside the limits profiles' global limiter).
    /// </summary>
    public const string TokenPolicy = "token";

    /// <summary>Bearer tokens from the Token endpoint; every endpoint needs one unless it says [AllowAnonymous].</summary>

    public static IServiceCollection AddTokenAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<TokenSigningKey>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<VerifiedTokens>();
        // ASP.NET Core Identity's hasher at its default cost (PBKDF2-HMAC-SHA512, 100,000 iterations).
        services.AddSingleton<IPasswordHasher<UserRecord>, PasswordHasher<UserRecord>>();
        services.AddScoped<IStoreSeed, AdminUserSeed>();
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section));
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(TokenPolicy, context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;
                return RateLimitPartition.GetTokenBucketLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "", _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Math.Max(1, limits.TokenRequestBurst),
                    TokensPerPeriod = Math.Max(1, limits.TokenRequestsPerMinute),
                    ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
        });
        // Authentication pulls in data protection; nothing here protects data across restarts, so keep keys in memory.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddAuthentication(BearerAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(BearerAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build());
        return services;
    }
}
