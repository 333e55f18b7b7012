using System.Security.Cryptography;
using LfRepo.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LfRepo.Server.Documents;

/// <summary>An exported file waiting for its download, and the user (and entry) whose export it is.</summary>
public sealed record DownloadFile(string Path, string ContentType, string FileName, long ExpiresTicks, string UserName, int EntryId);

/// <summary>
/// The download links of exports: an unguessable token per exported file, good for one GET within the link
/// lifetime. Links are rows of the store (<see cref="DownloadLinkRecord"/>), so a restart keeps them and every
/// server process on the data folder answers them; their files sit in the data folder's exports folder until
/// downloaded or expired.
/// </summary>
public sealed class DownloadLinks(StoreConnection store, IServiceScopeFactory scopes, TimeProvider clock, IOptions<DocumentOptions> options)
{
    public string Folder { get; } = Path.Combine(store.DataDirectory, "exports");

    /// <summary>A fresh file path for an export to write.</summary>
    public string NewFilePath()
    {
        Directory.CreateDirectory(Folder);
        return Path.Combine(Folder, Guid.NewGuid().ToString("N"));
    }

    /// <summary>Registers the written file, bound to the user who exported entry <paramref name="entryId"/>, and returns its token.</summary>
    public async Task<string> RegisterAsync(string path, string contentType, string fileName, string userName, int entryId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LfRepoDbContext>();
        await SweepAsync(db, cancellationToken);
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        db.Add(new DownloadLinkRecord
        {
            Token = token,
            FileId = System.IO.Path.GetFileName(path),
            ContentType = contentType,
            FileName = fileName,
            UserName = userName,
            EntryId = entryId,
            ExpiresTicks = clock.GetUtcNow().UtcTicks + TimeSpan.FromMinutes(options.Value.LinkLifetimeMinutes).Ticks,
        });
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    /// <summary>Takes the file of a link, which then works no more; null when unknown, used or expired.</summary>
    public async Task<DownloadFile?> TakeAsync(string token, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LfRepoDbContext>();
        var link = await db.Set<DownloadLinkRecord>().AsNoTracking().SingleOrDefaultAsync(l => l.Token == token, cancellationToken);
        // The delete decides who takes a link that two requests (or two processes) ask for at once.
        if (link is null || await db.Set<DownloadLinkRecord>().Where(l => l.Token == token).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return null;
        }
        var file = new DownloadFile(Path.Combine(Folder, link.FileId), link.ContentType, link.FileName, link.ExpiresTicks, link.UserName, link.EntryId);
        if (file.ExpiresTicks > clock.GetUtcNow().UtcTicks && File.Exists(file.Path))
        {
            return file;
        }
        TryDelete(file.Path);
        return null;
    }

    /// <summary>Deletes the file of a taken link that is not to be sent.</summary>
    public static void Discard(DownloadFile file) => TryDelete(file.Path);

    /// <summary>Forgets expired links and removes their files.</summary>
    private async Task SweepAsync(LfRepoDbContext db, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcTicks;
        var expired = await db.Set<DownloadLinkRecord>().AsNoTracking().Where(l => l.ExpiresTicks <= now).Select(l => l.FileId).ToListAsync(cancellationToken);
        if (expired.Count == 0)
        {
            return;
        }
        await db.Set<DownloadLinkRecord>().Where(l => l.ExpiresTicks <= now).ExecuteDeleteAsync(cancellationToken);
        foreach (var fileId in expired)
        {
            TryDelete(Path.Combine(Folder, fileId));
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
