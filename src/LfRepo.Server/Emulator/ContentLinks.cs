using System.Runtime.InteropServices;

namespace LfRepo.Server.Emulator;

/// <summary>
/// Makes one content folder hold exactly the blobs of another. Blobs are immutable and named by their SHA-256, so a
/// hard link is as good as a copy and costs no bytes; where links cannot be made (another volume, Windows) the file
/// is copied.
/// </summary>
public static class ContentLinks
{
    public static void Mirror(string source, string target)
    {
        Directory.CreateDirectory(target);
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        if (Directory.Exists(source))
        {
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(source, file);
                wanted.Add(relative);
                var destination = Path.Combine(target, relative);
                if (!File.Exists(destination))
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                    Link(file, destination);
                }
            }
        }
        foreach (var file in Directory.EnumerateFiles(target, "*", SearchOption.AllDirectories).ToList())
        {
            if (!wanted.Contains(Path.GetRelativePath(target, file)))
            {
                File.Delete(file);
            }
        }
    }

    private static void Link(string existing, string newPath)
    {
        if (OperatingSystem.IsWindows() || HardLink(existing, newPath) != 0)
        {
            File.Copy(existing, newPath, overwrite: true);
        }
    }

    [DllImport("libc", EntryPoint = "link")]
    private static extern int HardLink([MarshalAs(UnmanagedType.LPUTF8Str)] string existing, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);
}
