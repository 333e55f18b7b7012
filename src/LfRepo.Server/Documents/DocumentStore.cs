using System.Data.Common;
using LfRepo.Server.Entries;
using LfRepo.Server.Problems;
using LfRepo.Server.Storage;

namespace LfRepo.Server.Documents;

/// <summary>A page to add: where its image and text live in the content store.</summary>
public sealed record NewPage(string? ImageSha256, string ImageFormat, int ImageFrame, int Width, int Height, string? TextSha256);

/// <summary>The electronic document and page rows of documents, on plain SQLite.</summary>
public sealed class DocumentStore(StoreConnection store, EntryReader reader, EntryCache cache, ContentStore content, DocumentLocks locks, TimeProvider clock)
{
    public static async Task InsertEdocAsync(DbConnection connection, DbTransaction transaction, int entryId, string sha256, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO Edocs (EntryId, Sha256) VALUES (@entry, @sha) ON CONFLICT (EntryId) DO UPDATE SET Sha256 = excluded.Sha256";
        command.AddWithValue("@entry", entryId);
        command.AddWithValue("@sha", sha256);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task InsertPagesAsync(
        DbConnection connection, DbTransaction transaction, int entryId, int firstPageNumber, IEnumerable<NewPage> pages, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO Pages (EntryId, PageNumber, ImageSha256, ImageFormat, ImageFrame, Width, Height, TextSha256)
            VALUES (@entry, @number, @image, @format, @frame, @width, @height, @text)
            """;
        command.AddWithValue("@entry", entryId);
        var number = command.AddParameter("@number");
        var image = command.AddParameter("@image");
        var format = command.AddParameter("@format");
        var frame = command.AddParameter("@frame");
        var width = command.AddParameter("@width");
        var height = command.AddParameter("@height");
        var text = command.AddParameter("@text");
        var n = firstPageNumber;
        foreach (var page in pages)
        {
            number.Value = n++;
            image.Value = (object?)page.ImageSha256 ?? DBNull.Value;
            format.Value = page.ImageFormat;
            frame.Value = page.ImageFrame;
            width.Value = page.Width;
            height.Value = page.Height;
            text.Value = (object?)page.TextSha256 ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>The document's edoc blob and size, or null when it has none.</summary>
    public async Task<(string Sha256, long Length)?> FindEdocAsync(int entryId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT e.Sha256, c.Length FROM Edocs e JOIN Contents c ON c.Sha256 = e.Sha256 WHERE e.EntryId = @entry";
        command.AddWithValue("@entry", entryId);
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        return await rows.ReadAsync(cancellationToken) ? (rows.GetString(0), rows.GetInt64(1)) : null;
    }

    public async Task<List<PageRecord>> ListPagesAsync(int entryId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT Id, PageNumber, ImageSha256, ImageFormat, ImageFrame, Width, Height, TextSha256
            FROM Pages WHERE EntryId = @entry ORDER BY PageNumber
            """;
        command.AddWithValue("@entry", entryId);
        var pages = new List<PageRecord>();
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            pages.Add(new PageRecord
            {
                Id = rows.GetInt32(0),
                EntryId = entryId,
                PageNumber = rows.GetInt32(1),
                ImageSha256 = rows.IsDBNull(2) ? null : rows.GetString(2),
                ImageFormat = rows.GetString(3),
                ImageFrame = rows.GetInt32(4),
                Width = rows.GetInt32(5),
                Height = rows.GetInt32(6),
                TextSha256 = rows.IsDBNull(7) ? null : rows.GetString(7),
            });
        }
        return pages;
    }

    /// <summary>Each page with the sizes of its image and text content (0 when it has none).</summary>
    public async Task<List<(PageRecord Page, long ImageSize, long TextSize)>> ListPageSizesAsync(int entryId, CancellationToken cancellationToken)
    {
        var pages = await ListPagesAsync(entryId, cancellationToken);
        var lengths = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var connection = await store.OpenAsync(cancellationToken))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT c.Sha256, c.Length FROM Contents c
                WHERE c.Sha256 IN (SELECT ImageSha256 FROM Pages WHERE EntryId = @entry UNION SELECT TextSha256 FROM Pages WHERE EntryId = @entry)
                """;
            command.AddWithValue("@entry", entryId);
            await using var rows = await command.ExecuteReaderAsync(cancellationToken);
            while (await rows.ReadAsync(cancellationToken))
            {
                lengths[rows.GetString(0)] = rows.GetInt64(1);
            }
        }
        long Length(string? sha) => sha is not null && lengths.TryGetValue(sha, out var length) ? length : 0;
        return [.. pages.Select(p => (p, Length(p.ImageSha256), Length(p.TextSha256)))];
    }

    /// <summary>
    /// A document's whole stored size (GetEntry's totalDocumentSize): its electronic document and the image and text
    /// content of its pages, each stored blob counted once.
    /// </summary>
    public async Task<long> TotalSizeAsync(int entryId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT COALESCE(SUM(c.Length), 0) FROM Contents c
            WHERE c.Sha256 IN (SELECT Sha256 FROM Edocs WHERE EntryId = @entry
                UNION SELECT ImageSha256 FROM Pages WHERE EntryId = @entry UNION SELECT TextSha256 FROM Pages WHERE EntryId = @entry)
            """;
        command.AddWithValue("@entry", entryId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
    }

    /// <summary>The entry, which must be a document.</summary>
    public async Task<EntryRecord> GetDocumentAsync(int entryId, CancellationToken cancellationToken)
    {
        var entry = await reader.GetAsync(entryId, cancellationToken);
        if (entry.EntryType != EntryType.Document)
        {
            throw new ApiProblemException(ProblemCatalog.NotADocument, $"Entry {entryId} is a {EntryJson.TypeName(entry.EntryType)}, not a document.");
        }
        return entry;
    }

    /// <summary>Removes the electronic document; the pages stay.</summary>
    public async Task<EntryRecord> DeleteEdocAsync(int entryId, string user, CancellationToken cancellationToken)
    {
        await GetDocumentAsync(entryId, cancellationToken);
        await locks.RequireWritableAsync(entryId, LockExtent.Edoc, user, cancellationToken);
        await using (var connection = await store.OpenAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                DELETE FROM Edocs WHERE EntryId = @entry;
                UPDATE Entries SET ElectronicDocumentSize = 0, IsElectronicDocument = 0, MimeType = '', Extension = '', LastModifiedTicks = @now
                WHERE Id = @entry;
                """;
            command.AddWithValue("@entry", entryId);
            command.AddWithValue("@now", clock.GetUtcNow().UtcTicks);
            await command.ExecuteNonQueryAsync(cancellationToken);
            await VersionControl.RecordChangeAsync(connection, transaction, entryId, user, clock.GetUtcNow().UtcTicks, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        cache.Invalidate();
        await content.CollectAsync(CancellationToken.None);
        return await reader.GetAsync(entryId, cancellationToken);
    }

    /// <summary>Removes the pages <paramref name="pageRange"/> names (all without one) and renumbers the rest.</summary>
    public async Task<EntryRecord> DeletePagesAsync(int entryId, string? pageRange, string user, CancellationToken cancellationToken)
    {
        var entry = await GetDocumentAsync(entryId, cancellationToken);
        await locks.RequireWritableAsync(entryId, LockExtent.Page, user, cancellationToken);
        var doomed = PageRange.Select(pageRange, entry.PageCount).ToHashSet();
        await using (var connection = await store.OpenAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            var pages = new List<(int Id, int Number)>();
            await using (var list = connection.CreateCommand())
            {
                list.Transaction = transaction;
                list.CommandText = "SELECT Id, PageNumber FROM Pages WHERE EntryId = @entry ORDER BY PageNumber";
                list.AddWithValue("@entry", entryId);
                await using var rows = await list.ExecuteReaderAsync(cancellationToken);
                while (await rows.ReadAsync(cancellationToken))
                {
                    pages.Add((rows.GetInt32(0), rows.GetInt32(1)));
                }
            }
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var id = command.AddParameter("@id");
            var number = command.AddParameter("@number");
            var next = 1;
            foreach (var page in pages)
            {
                id.Value = page.Id;
                if (doomed.Contains(page.Number))
                {
                    command.CommandText = "DELETE FROM Pages WHERE Id = @id";
                }
                else
                {
                    command.CommandText = "UPDATE Pages SET PageNumber = @number WHERE Id = @id";
                    number.Value = next++;
                }
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            command.CommandText = "UPDATE Entries SET PageCount = @number, LastModifiedTicks = @now WHERE Id = @entry";
            command.AddWithValue("@entry", entryId);
            command.AddWithValue("@now", clock.GetUtcNow().UtcTicks);
            number.Value = next - 1;
            await command.ExecuteNonQueryAsync(cancellationToken);
            await VersionControl.RecordChangeAsync(connection, transaction, entryId, user, clock.GetUtcNow().UtcTicks, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        cache.Invalidate();
        await content.CollectAsync(CancellationToken.None);
        return await reader.GetAsync(entryId, cancellationToken);
    }
}
