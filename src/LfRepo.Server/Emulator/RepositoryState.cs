using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using LfRepo.Server.Documents;
using LfRepo.Server.Entries;
using LfRepo.Server.Metadata;
using LfRepo.Server.Problems;
using LfRepo.Server.Search;
using LfRepo.Server.Storage;
using LfRepo.Server.Tables;
using LfRepo.Server.Tasks;

namespace LfRepo.Server.Emulator;

/// <summary>
/// Reset and snapshots of the whole repository without a restart. Snapshots copy the repository store and the lookup
/// tables into SQLite files (lfrepo.db and tables.db, the same on both engines), and
/// hard-link the content blobs (immutable, named by SHA-256) so even large repositories save in milliseconds. After
/// the store changes underneath them, the in-process caches are told through their reset hooks. Tokens live outside
/// the store and stay valid.
/// </summary>
public sealed partial class RepositoryState(
    StoreConnection store,
    StoreGenerations generations,
    TableStore tables,
    TableCatalog tableCatalog,
    StoreInitializer initializer,
    MetadataSeeder seeder,
    MetadataCatalog catalog,
    EntryCache entryCache,
    SearchTextIndex searchIndex,
    TaskQueue taskQueue,
    TaskStore taskStore,
    TaskPacing taskPacing,
    RequestGate requests,
    TimeProvider clock)
{
    private const string StoreFile = "lfrepo.db";
    private const string TablesFile = "tables.db";
    private const string InfoFile = "snapshot.json";
    private const string ContentFolder = "content";

    /// <summary>
    /// Tables a reset keeps: the schema version (ours, or EF Core's migration history), the repository and the users
    /// (whose tokens stay valid).
    /// </summary>
    private static readonly IReadOnlySet<string> KeptTables = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "SchemaInfo", "__EFMigrationsHistory", "Repositories", "Users", "Trustees", "TrusteeMembers",
    };

    private static readonly JsonSerializerOptions InfoJson = new(JsonSerializerDefaults.Web);

    private readonly SemaphoreSlim _gate = new(1, 1);

    private string SnapshotsRoot => Path.Combine(store.DataDirectory, "snapshots");

    private string LiveContent => Path.Combine(store.DataDirectory, ContentFolder);

    /// <summary>Empties the repository and applies the start-up seed again (or leaves only the root folder).</summary>
    public async Task ResetAsync(bool empty, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var closed = await requests.CloseAsync(StopTasksAsync);
            await using (var connection = await store.OpenAsync(cancellationToken))
            {
                await store.Dialect.WipeAsync(connection, KeptTables, cancellationToken);
            }
            TransientFolder.Clear(LiveContent);
            entryCache.Invalidate();
            await searchIndex.ResetAsync(cancellationToken);

            await initializer.InitializeAsync(cancellationToken);
            if (empty)
            {
                await ReloadDefinitionsAsync(cancellationToken);
            }
            else
            {
                await seeder.SeedAsync(cancellationToken);
            }

            await using (var connection = await tables.OpenAsync(cancellationToken))
            {
                // Forgetting the fingerprints makes the table initializer load every table from its seed again.
                await connection.ExecuteAsync("""DELETE FROM "_tables";""", null, cancellationToken);
            }
            await tables.InitializeAsync(tableCatalog, clock, cancellationToken);
            entryCache.Invalidate();
            await generations.BumpAllAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Applies a seed document to the repository as it is, like the start-up seed.</summary>
    public async Task ApplySeedAsync(MetadataSeed seed, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await seeder.ApplyAsync(seed, cancellationToken);
            entryCache.Invalidate();
            await generations.BumpAllAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<SnapshotInfo> SaveAsync(string name, CancellationToken cancellationToken)
    {
        CheckName(name);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(SnapshotsRoot);
            var staging = Path.Combine(SnapshotsRoot, ".saving-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(staging);
            try
            {
                await using (var live = await store.OpenAsync(cancellationToken))
                {
                    await store.Dialect.SaveCopyAsync(live, Path.Combine(staging, StoreFile), cancellationToken);
                }
                await tables.SaveCopyAsync(tableCatalog, Path.Combine(staging, TablesFile), cancellationToken);
                ContentLinks.Mirror(LiveContent, Path.Combine(staging, ContentFolder));

                long entryCount;
                await using (var saved = SqliteFiles.OpenFile(Path.Combine(staging, StoreFile)))
                {
                    await saved.OpenAsync(cancellationToken);
                    entryCount = await saved.ScalarAsync("SELECT COUNT(*) FROM Entries", null, cancellationToken);
                }
                var info = new SnapshotInfo(name, clock.GetUtcNow(), entryCount, FolderSize(staging));
                await File.WriteAllTextAsync(Path.Combine(staging, InfoFile), JsonSerializer.Serialize(info, InfoJson), cancellationToken);

                var target = FolderOf(name);
                if (Directory.Exists(target))
                {
                    Directory.Delete(target, recursive: true);
                }
                Directory.Move(staging, target);
                return info;
            }
            finally
            {
                if (Directory.Exists(staging))
                {
                    Directory.Delete(staging, recursive: true);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public IReadOnlyList<SnapshotInfo> List()
    {
        if (!Directory.Exists(SnapshotsRoot))
        {
            return [];
        }
        return
        [
            .. Directory.EnumerateDirectories(SnapshotsRoot)
                .Where(folder => !Path.GetFileName(folder).StartsWith('.'))
                .Select(folder => Path.Combine(folder, InfoFile))
                .Where(File.Exists)
                .Select(file => JsonSerializer.Deserialize<SnapshotInfo>(File.ReadAllText(file), InfoJson)!)
                .OrderBy(s => s.CreatedAt),
        ];
    }

    /// <summary>Makes the repository exactly what it was when the snapshot was saved.</summary>
    public async Task RestoreAsync(string name, CancellationToken cancellationToken)
    {
        var folder = Existing(name);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var closed = await requests.CloseAsync(StopTasksAsync);
            await using (var live = await store.OpenAsync(cancellationToken))
            {
                await store.Dialect.LoadCopyAsync(Path.Combine(folder, StoreFile), live, cancellationToken);
            }
            var savedTables = Path.Combine(folder, TablesFile);
            if (File.Exists(savedTables))
            {
                await tables.LoadCopyAsync(tableCatalog, savedTables, cancellationToken);
            }
            ContentLinks.Mirror(Path.Combine(folder, ContentFolder), LiveContent);

            entryCache.Invalidate();
            await searchIndex.ResetAsync(cancellationToken);
            // Upgrades a snapshot taken by an older LfRepo and re-applies the configured admin password.
            await initializer.InitializeAsync(cancellationToken);
            await ReloadDefinitionsAsync(cancellationToken);
            await tables.InitializeAsync(tableCatalog, clock, cancellationToken);
            // Tasks the snapshot caught queued or running are not resumed: they end as after a restart.
            await taskStore.FailAbandonedAsync(
                ProblemWriter.RenderArray(ProblemCatalog.SnapshotRestored,
                    $"Snapshot '{name}' was saved while this task was queued or running; a restore does not resume it.", "/", "restore"),
                clock.GetUtcNow().UtcTicks, cancellationToken);
            await generations.BumpAllAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Delete(string name)
    {
        Directory.Delete(Existing(name), recursive: true);
    }

    /// <summary>The snapshot as one zip file (deleted when the returned stream closes).</summary>
    public Stream OpenArchive(string name)
    {
        var folder = Existing(name);
        var path = Path.Combine(SnapshotsRoot, ".archive-" + Guid.NewGuid().ToString("N") + ".zip");
        ZipFile.CreateFromDirectory(folder, path, CompressionLevel.Fastest, includeBaseDirectory: false);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.DeleteOnClose);
    }

    /// <summary>Unpacks an archive from <see cref="OpenArchive"/> as a snapshot and restores it; used by <c>--load-snapshot</c>.</summary>
    public async Task<SnapshotInfo> LoadArchiveAsync(string archivePath, CancellationToken cancellationToken)
    {
        if (!File.Exists(archivePath))
        {
            throw new InvalidOperationException($"The snapshot archive '{archivePath}' does not exist.");
        }
        Directory.CreateDirectory(SnapshotsRoot);
        var staging = Path.Combine(SnapshotsRoot, ".loading-" + Guid.NewGuid().ToString("N"));
        try
        {
            ZipFile.ExtractToDirectory(archivePath, staging);
            var infoPath = Path.Combine(staging, InfoFile);
            if (!File.Exists(infoPath) || !File.Exists(Path.Combine(staging, StoreFile)))
            {
                throw new InvalidOperationException($"'{archivePath}' is not an LfRepo snapshot archive (it lacks {InfoFile} or {StoreFile}).");
            }
            var info = JsonSerializer.Deserialize<SnapshotInfo>(await File.ReadAllTextAsync(infoPath, cancellationToken), InfoJson)!;
            CheckName(info.Name);
            var target = FolderOf(info.Name);
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }
            Directory.Move(staging, target);
            await RestoreAsync(info.Name, cancellationToken);
            return info;
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidOperationException($"'{archivePath}' is not a zip archive: {ex.Message}", ex);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private async Task StopTasksAsync()
    {
        taskPacing.Reset();
        await taskQueue.StopRunningAsync(TimeSpan.FromSeconds(10));
    }

    private async Task ReloadDefinitionsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await catalog.LoadAsync(connection, cancellationToken);
    }

    private static long FolderSize(string folder) =>
        new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    private string FolderOf(string name) => Path.Combine(SnapshotsRoot, name);

    private string Existing(string name)
    {
        CheckName(name);
        var folder = FolderOf(name);
        if (!File.Exists(Path.Combine(folder, InfoFile)))
        {
            throw new ApiProblemException(ProblemCatalog.SnapshotNotFound, $"There is no snapshot named '{name}'.");
        }
        return folder;
    }

    private static void CheckName(string name)
    {
        if (!SnapshotName().IsMatch(name))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest,
                $"'{name}' is not a valid snapshot name: use 1 to 64 letters, digits, '-', '_' or '.', not starting with '.'.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex SnapshotName();
}
