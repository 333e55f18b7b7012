using LfRepo.Server.Problems;
using LfRepo.Server.Security;

namespace LfRepo.Server.Emulator;

/// <summary>
/// Users added at run time through the control plane: they go into the repository's user directory like seeded
/// users, with their groups (created when missing) and the administrator privilege. Administrators may call the
/// control plane.
/// </summary>
public sealed class EmulatorUsers(UserDirectory directory)
{
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

        List<string> privileges = [];
        foreach (var privilege in request.Privileges ?? [])
        {
            var known = SecurityPrivileges.Privileges.FirstOrDefault(p => string.Equals(p, privilege?.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase))
                ?? throw new ApiProblemException(ProblemCatalog.InvalidRequest,
                    $"'privileges': '{privilege}' is not a privilege; use {string.Join(", ", SecurityPrivileges.Privileges)}.");
            privileges.Add(known);
        }

        var name = request.Name.Trim();
        if (directory.FindByName(name) is not null)
        {
            throw new ApiProblemException(ProblemCatalog.UserExists, $"A user or group named '{name}' already exists.");
        }
        List<string> groupNames = [.. groups.Select(g => g.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)];
        foreach (var group in groupNames)
        {
            var existing = directory.FindByName(group);
            if (existing is { IsGroup: false })
            {
                throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"'{group}' is a user, not a group.");
            }
            if (existing is null)
            {
                await directory.CreateGroupAsync(group, null, cancellationToken);
            }
        }
        await directory.CreateUserAsync(
            new NewUser(name, request.Password, Groups: groupNames, IsAdministrator: request.Administrator, Privileges: privileges), cancellationToken);
        return new EmulatorUser(name, groupNames, request.Administrator, privileges);
    }
}
