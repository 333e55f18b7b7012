using System.Collections.Concurrent;
using LfRepo.Server.Hosting;
using LfRepo.Server.Problems;
using LfRepo.Server.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LfRepo.Server.Emulator;

/// <summary>
/// Users added at run time. The store's user table holds a name and a password hash; the groups and the
/// administrator flag a caller gives are kept here, in memory, until the store has a place for them. Administrators
/// (the configured admin user and those created with <c>administrator: true</c>) may call the control plane.
/// </summary>
public sealed class EmulatorUsers(EmulatorOptions options, IPasswordHasher<UserRecord> passwordHasher, IServiceScopeFactory scopes)
{
    private readonly ConcurrentDictionary<string, EmulatorUser> _created = new(StringComparer.Ordinal);

    public bool IsAdministrator(string? userName) =>
        userName is not null &&
        (string.Equals(userName, options.AdminUser, StringComparison.Ordinal) ||
         (_created.TryGetValue(userName, out var user) && user.Administrator));

    public async Task<EmulatorUser> CreateAsync(CreateUserRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 100 || request.Name.Any(char.IsControl))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, "'name' is required: 1 to 100 characters, no control characters.");
        }
        if (string.IsNullOrEmpty(request.Password))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, "'password' is required and must not be empty.");
        }
        var groups = request.Groups ?? [];
        if (groups.Any(string.IsNullOrWhiteSpace))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, "'groups' must not contain empty names.");
        }

        var name = request.Name.Trim();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LfRepoDbContext>();
        if (await db.Users.AnyAsync(u => u.UserName == name, cancellationToken))
        {
            throw new ApiProblemException(ProblemCatalog.UserExists, $"A user named '{name}' already exists.");
        }
        var record = new UserRecord { UserName = name, PasswordHash = "" };
        record.PasswordHash = passwordHasher.HashPassword(record, request.Password);
        db.Users.Add(record);
        await db.SaveChangesAsync(cancellationToken);

        var user = new EmulatorUser(name, [.. groups.Select(g => g.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)], request.Administrator);
        _created[name] = user;
        return user;
    }
}
