using System.Security.Cryptography;
using LfRepo.Server.Storage;

namespace LfRepo.Server.Auth;

/// <summary>
/// The key that signs access tokens: 32 random bytes in the data folder's <c>token-signing.key</c>, made by the
/// first server on that folder and read by every later one. It sits beside the database, not in it, so a reset or
/// restore of the database leaves issued tokens valid; deleting the file signs everybody out at the next start.
/// </summary>
public sealed class TokenSigningKey
{
    public const string FileName = "token-signing.key";
    private const int KeyBytes = 32;

    public TokenSigningKey(StoreConnection store)
    {
        Key = LoadOrCreate(Path.Combine(store.DataDirectory, FileName));
    }

    public byte[] Key { get; }

    private static byte[] LoadOrCreate(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (File.Exists(path))
            {
                var key = File.ReadAllBytes(path);
                if (key.Length == KeyBytes)
                {
                    return key;
                }
                if (attempt > 20)
                {
                    throw new InvalidOperationException($"'{path}' is not a token signing key ({key.Length} bytes, expected {KeyBytes}). Delete it to sign everybody out and start with a new key.");
                }
                // Another process is writing it right now.
                Thread.Sleep(50);
                continue;
            }
            var created = RandomNumberGenerator.GetBytes(KeyBytes);
            var temporary = path + "." + Guid.NewGuid().ToString("N");
            File.WriteAllBytes(temporary, created);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            try
            {
                // Whoever moves first wins; the others read the winner's key.
                File.Move(temporary, path, overwrite: false);
                return created;
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
            }
        }
    }
}
