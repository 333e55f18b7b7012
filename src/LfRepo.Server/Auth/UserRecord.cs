namespace LfRepo.Server.Auth;

public sealed class UserRecord
{
    public int Id { get; set; }

    public required string UserName { get; set; }

    /// <summary>ASP.NET Core Identity's PBKDF2 hash; the password itself is never stored.</summary>
    public required string PasswordHash { get; set; }
}
