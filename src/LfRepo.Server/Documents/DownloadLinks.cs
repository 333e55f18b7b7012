using System.Collections.Concurrent;
using System.Security.Cryptography;
using LfRepo.Server.Storage;
using Microsoft.Extensions.Options;

namespace LfRepo.Server.Documents;

/// <summary>An exported file waiting for its download, and the user (and entry) whose export it is.</summary>
public sealed record DownloadFile(string Path, string ContentType, string FileName, long ExpiresTicks, string UserName, int EntryId);

/// <summary>
/// The download links of exports: an unguessable token per exported file, good for one GET within the link
/// lifetime. Links live in memory (a restart forgets them, as the real links also expire); their files sit in the
/// data folder's exports folder until downloaded or expired.
/// </summary>
public sealed class DownloadLinks
{
    private readonly ConcurrentDictionary<string, DownloadFile> _links = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private readonly IOptions<DocumentOptions> _options;

    public DownloadLinks(StoreConnection store, TimeProvider clock, IOptions<DocumentOptions> options)
    {
        _clock = clock;
        _options = options;
        Folder = Path.Combine(store.DataDirectory, "exports");
        // Links do not outlive the process, so files a previous run left behind can never be downloaded.
        TransientFolder.Clear(Folder);
    }

    public string Folder { get; }

    /// <summary>A fresh file path for an export to write.</summary>
    public string NewFilePath()
    {
        Directory.CreateDirectory(Folder);
        return Path.Combine(Folder, Guid.NewGuid().ToString("N"));
    }

    /// <summary>Registers the written file, bound to the user who exported entry <paramref name="entryId"/>, and returns its token.</summary>
    public string Register(string path, string contentType, string fileName, string userName, int entryId)
    {
        Sweep();
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var expires = _clock.GetUtcNow().UtcTicks + TimeSpan.FromMinutes(_options.Value.LinkLifetimeMinutes).Ticks;
        _links[token] = new DownloadFile(path, contentType, fileName, expires, userName, entryId);
        return token;
    }

    /// <summary>Takes the file of a link, which then works no more; null when unknown, used or expired.</summary>
    public DownloadFile? Take(string token)
    {
        if (!_links.TryRemove(token, out var file))
        {
            return null;
        }
        if (file.ExpiresTicks > _clock.GetUtcNow().UtcTicks && File.Exists(file.Path))
        {
            return file;
        }
        TryDelete(file.Path);
        return null;
    }

    /// <summary>Deletes the file of a taken link that is not to be sent.</summary>
    public void Discard(DownloadFile file) => TryDelete(file.Path);

    private void Sweep()
    {
        var now = _clock.GetUtcNow().UtcTicks;
        foreach (var (token, file) in _links)
        {
            if (file.ExpiresTicks <= now && _links.TryRemove(token, out _))
            {
                TryDelete(file.Path);
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Still being read; the data folder's exports are disposable.
        }
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>Folders of the data folder whose content only means something to the process that wrote it.</summary>
public static class TransientFolder
{
    public static void Clear(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
