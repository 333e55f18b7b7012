using System.Globalization;
using System.Threading.RateLimiting;
using LfRepo.Server.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace LfRepo.Server.Auth;

public static class AuthExtensions
{
    /// <summary>Bearer tokens from the Token endpoint; every endpoint needs one unless it says [AllowAnonymous].</summary>
    /// <summary>The rate-limit policy of the Token endpoint: a token bucket per client address.</summary>
    public const string TokenPolicy = "token";

    public static IServiceCollection AddTokenAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section));
        services.AddSingleton<TokenService>();
        services.AddRateLimiter(o =>
        {
            o.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await ProblemWriter.WriteAsync(context.HttpContext, ProblemCatalog.RateLimited,
                    $"Too many token requests from this address; try again in {seconds} seconds.");
            };
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
