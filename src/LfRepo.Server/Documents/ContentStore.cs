using System.Data.Common;
using System.Security.Cryptography;
using LfRepo.Server.Problems;
using LfRepo.Server.Storage;

namespace LfRepo.Server.Documents;

/// <summary>
/// A file written to the staging folder while its SHA-256 was computed; <see cref="ContentStore.CommitAsync"/>
/// moves it into the store. Disposing removes whatever was not committed.
/// </summary>
public sealed class StagedContent(string path, string sha256, long length) : IDisposable
{
    public string Path { get; } = path;

    public string Sha256 { get; } = sha256;

    public long Length { get; } = length;

    public void Dispose()
    {
        if (File.Exists(Path))
        {
            File.Delete(Path);
        }
    }
}

/// <summary>
/// Document bytes (edocs, page images, page text) in the data folder, addressed by SHA-256 so copies and
/// repeated imports share one file. Bytes always stream through; nothing is held whole in memory. Rows of the
/// Contents table say which blobs exist; Edocs and Pages reference them; <see cref="CollectAsync"/> removes
/// blobs nothing references. Commits and collection take one lock, so a blob is never collected between the
/// moment an import finds it already stored and the moment its reference is written.
/// </summary>
public sealed class ContentStore
{
    private const int BufferSize = 81920;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly StoreConnection _store;

    public ContentStore(StoreConnection store)
    {
        _store = store;
        Root = System.IO.Path.Combine(store.DataDirectory, "content");
        StagingFolder = System.IO.Path.Combine(store.DataDirectory, "staging");
        // Staged files belong to requests of a previous run that never committed.
        TransientFolder.Clear(StagingFolder);
    }

    private string Root { get; }

    public string StagingFolder { get; }

    public string PathOf(string sha256) => System.IO.Path.Combine(Root, sha256[..2], sha256);

    public Stream OpenRead(string sha256) =>
        new FileStream(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>
    /// Copies <paramref name="source"/> to a staging file, hashing as it goes. Past <paramref name="maxBytes"/>
    /// the copy stops with a 413.
    /// </summary>
    public async Task<StagedContent> StageAsync(Stream source, long maxBytes, CancellationToken cancellationToken)
    {
        await using var writer = StageWriter.Create(StagingFolder);
        var buffer = new byte[BufferSize];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (writer.Length + read > maxBytes)
            {
                throw new ApiProblemException(ProblemCatalog.RequestTooLarge, $"The file is larger than the limit of {maxBytes} bytes.");
            }
            await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        return await writer.FinishAsync(cancellationToken);
    }

    /// <summary>A writer for content produced piece by piece (text pages, concatenated upload parts).</summary>
    public StageWriter CreateWriter() => StageWriter.Create(StagingFolder);

    /// <summary>
    /// Moves staged files into the store and, in one transaction, records them and runs <paramref name="write"/>
    /// (which inserts the references).
    /// </summary>
    public async Task<T> CommitAsync<T>(
        IEnumerable<StagedContent> staged, Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var list = staged.DistinctBy(s => s.Sha256).ToList();
            // Blobs this commit brings into the store go back to staging when the transaction fails (a retry may
            // commit them again; the caller's staging clean-up removes them). Under the lock nothing else can have
            // come to reference them.
            var added = new List<(string Target, string Staged)>();
            try
            {
                foreach (var item in list)
                {
                    var target = PathOf(item.Sha256);
                    if (!File.Exists(target))
                    {
                        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
                        File.Move(item.Path, target, overwrite: true);
                        added.Add((target, item.Path));
                    }
                }
                await using var connection = await _store.OpenAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                foreach (var item in list)
                {
                    await using var command = connection.CreateCommand();
                    command.Transaction = transaction;
                    command.CommandText = "INSERT INTO Contents (Sha256, Length) VALUES (@sha, @length) ON CONFLICT DO NOTHING";
                    command.AddWithValue("@sha", item.Sha256);
                    command.AddWithValue("@length", item.Length);
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
                var result = await write(connection, transaction);
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch
            {
                foreach (var (target, stagedPath) in added)
                {
                    File.Move(target, stagedPath, overwrite: true);
                }
                throw;
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Removes every blob no edoc or page (nor what a check-out keeps) references any more; returns how many went.</summary>
    public async Task<int> CollectAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await _store.OpenAsync(cancellationToken);
            var orphans = new List<string>();
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = """
                    SELECT c.Sha256 FROM Contents c
                    WHERE NOT EXISTS (SELECT 1 FROM Edocs e WHERE e.Sha256 = c.Sha256)
                      AND NOT EXISTS (SELECT 1 FROM Pages p WHERE p.ImageSha256 = c.Sha256)
                      AND NOT EXISTS (SELECT 1 FROM Pages p WHERE p.TextSha256 = c.Sha256)
                      AND NOT EXISTS (SELECT 1 FROM DocumentStates s WHERE s.CheckOutEdocSha256 = c.Sha256)
                      AND NOT EXISTS (SELECT 1 FROM CheckOutPages p WHERE p.ImageSha256 = c.Sha256)
                      AND NOT EXISTS (SELECT 1 FROM CheckOutPages p WHERE p.TextSha256 = c.Sha256)
                    """;
                await using var rows = await command.ExecuteReaderAsync(cancellationToken);
                while (await rows.ReadAsync(cancellationToken))
                {
                    orphans.Add(rows.GetString(0));
                }
            }
            foreach (var sha in orphans)
            {
                await using var delete = connection.CreateCommand();
                delete.CommandText = "DELETE FROM Contents WHERE Sha256 = @sha";
                delete.AddWithValue("@sha", sha);
                await delete.ExecuteNonQueryAsync(cancellationToken);
                File.Delete(PathOf(sha));
            }
            return orphans.Count;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>The SHA-256 of every blob file in the content folder (for the integrity check).</summary>
    public IEnumerable<string> ListStoredBlobs() =>
        Directory.Exists(Root)
            ? Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories).Select(f => System.IO.Path.GetFileName(f))
            : [];

    /// <summary>How many blobs the store holds (for tests of sharing and collection).</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        return await connection.ScalarAsync("SELECT COUNT(*) FROM Contents", null, cancellationToken);
    }
}

/// <summary>Writes a staging file and hashes it on the way.</summary>
public sealed class StageWriter : Stream
{
    private readonly FileStream _file;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _finished;

    private StageWriter(FileStream file)
    {
        _file = file;
    }

    public static StageWriter Create(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = System.IO.Path.Combine(folder, Guid.NewGuid().ToString("N"));
        return new StageWriter(new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 81920, FileOptions.Asynchronous));
    }

    public string Path => _file.Name;

    public override long Length => _file.Length;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Position { get => _file.Position; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count)
    {
        _hash.AppendData(buffer, offset, count);
        _file.Write(buffer, offset, count);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _hash.AppendData(buffer.Span);
        await _file.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
        if (!_finished)
        {
            _file.Flush();
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Closes the file and hands it over as staged content.</summary>
    public async Task<StagedContent> FinishAsync(CancellationToken cancellationToken)
    {
        await _file.FlushAsync(cancellationToken);
        var length = _file.Length;
        await _file.DisposeAsync();
        _finished = true;
        return new StagedContent(_file.Name, Convert.ToHexStringLower(_hash.GetHashAndReset()), length);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
            _hash.Dispose();
            if (!_finished && File.Exists(_file.Name))
            {
                File.Delete(_file.Name);
            }
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _file.DisposeAsync();
        Dispose(true);
        GC.SuppressFinalize(this);
    }
}
