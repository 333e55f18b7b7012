using LfRepo.Server.Problems;
using LfRepo.Server.Security;

namespace LfRepo.Server.Tables;

/// <summary>
/// Who may read and who may change a lookup table's rows. Administrators may do both on every table; anyone else
/// reads a table when its seed names them (or a group they belong to) among its readers or writers, and changes its
/// rows when it names them among its writers. A table that names no readers is read by the members of Users; one
/// that names no writers is changed by administrators only.
/// </summary>
public sealed class TableAccess(UserDirectory directory)
{
    /// <summary>The group whose members read a table that names no readers.</summary>
    public const string DefaultReaders = "Users";

    public bool CanRead(TableDefinition table, string userName) =>
        Holds(table.Readers ?? [DefaultReaders], userName) || CanWrite(table, userName);

    public bool CanWrite(TableDefinition table, string userName) => Holds(table.Writers ?? [], userName);

    /// <summary>A 403 unless the caller may read the table's rows.</summary>
    public void RequireRead(TableDefinition table, string userName)
    {
        if (!CanRead(table, userName))
        {
            throw new ApiProblemException(ProblemCatalog.AccessDenied, $"User '{userName}' has no right to read the rows of table '{table.Name}'.");
        }
    }

    /// <summary>A 403 unless the caller may change the table's rows.</summary>
    public void RequireWrite(TableDefinition table, string userName)
    {
        if (!CanWrite(table, userName))
        {
            throw new ApiProblemException(ProblemCatalog.AccessDenied, $"User '{userName}' has no right to change the rows of table '{table.Name}'.");
        }
    }

    private bool Holds(List<string> trustees, string userName)
    {
        var principal = directory.Principal(userName);
        if (principal.IsAdministrator)
        {
            return true;
        }
        foreach (var name in trustees)
        {
            if (name.Equals(UserDirectory.EveryoneName, StringComparison.OrdinalIgnoreCase)
                || (directory.FindByName(name) is { Sid.Length: > 0 } trustee && principal.Sids.Contains(trustee.Sid)))
            {
                return true;
            }
        }
        return false;
    }
}
