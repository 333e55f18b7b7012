using LfRepo.Server.Hosting;
using LfRepo.Server.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LfRepo.Server.Auth;

/// <summary>The configured admin user, with the configured password.</summary>
public sealed class AdminUserSeed(EmulatorOptions options, IPasswordHasher<UserRecord> passwordHasher) : IStoreSeed
{
    public async Task SeedAsync(LfRepoDbContext db, CancellationToken cancellationToken)
    {
        var user = await db.Set<UserRecord>().SingleOrDefaultAsync(u => u.UserName == options.AdminUser, cancellationToken);
        if (user is null)
        {
            user = new UserRecord { UserName = options.AdminUser, PasswordHash = "" };
            user.PasswordHash = passwordHasher.HashPassword(user, options.AdminPassword);
            db.Add(user);
        }
        // The configured password always wins, so changing LfRepo__AdminPassword takes effect on restart.
        else if (passwordHasher.VerifyHashedPassword(user, user.PasswordHash, options.AdminPassword) == PasswordVerificationResult.Failed)
        {
            user.PasswordHash = passwordHasher.HashPassword(user, options.AdminPassword);
        }
    }
}
