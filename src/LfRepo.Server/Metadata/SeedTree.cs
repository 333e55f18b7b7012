using System.Text;
using LfRepo.Server.Documents;
using LfRepo.Server.Entries;
using LfRepo.Server.Problems;
using LfRepo.Server.Storage;

namespace LfRepo.Server.Metadata;

/// <summary>Metadata a seed puts on an entry: template and fields, tags, and links to other seeded entries.</summary>
public abstract record EntryMetadataSeed
{
    public string? TemplateName { get; init; }

    public List<FieldToUpdate>? Fields { get; init; }

    public List<string>? Tags { get; init; }

    public List<EntryLinkSeed>? Links { get; init; }

    public bool HasMetadata => TemplateName is not null || Fields is not null || Tags is not null;
}

/// <summary>The root folder's metadata (a seed's <c>root</c>).</summary>
public sealed record RootSeed : EntryMetadataSeed;

/// <summary>A folder of the initial tree, with its own metadata, subfolders and documents.</summary>
public sealed record FolderSeed : EntryMetadataSeed
{
    public required string Name { get; init; }

    public List<FolderSeed> Folders { get; init; } = [];

    public List<DocumentSeed> Documents { get; init; } = [];
}

/// <summary>A document of the initial tree: text pages (one per string), or an electronic document, or both.</summary>
public sealed record DocumentSeed : EntryMetadataSeed
{
    public required string Name { get; init; }

    public List<string> Pages { get; init; } = [];

    public ElectronicDocumentSeed? ElectronicDocument { get; init; }
}

/// <summary>An electronic document given as text; its file name sets the extension and the MIME type.</summary>
public sealed record ElectronicDocumentSeed
{
    public required string FileName { get; init; }

    public string Content { get; init; } = "";
}

/// <summary>A link from the seeded entry (the source unless <see cref="IsSource"/> is false) to the entry at <see cref="OtherEntry"/>.</summary>
public sealed record EntryLinkSeed
{
    public int LinkDefinitionId { get; init; }

    /// <summary>The other entry's full path, e.g. <c>\Projects\Plan</c>.</summary>
    public required string OtherEntry { get; init; }

    public bool IsSource { get; init; } = true;
}

/// <summary>
/// Creates a seed's entry tree through the same services the API uses. Idempotent: entries are matched by path and
/// only the ones it creates get their metadata, the root only while it has none, so a restart keeps what clients
/// changed. Links are set last, when every entry they name exists.
/// </summary>
public sealed class SeedTreeWriter(EntryService entries, EntryReader reader, MetadataService metadata, ImportService imports, ContentStore content, string user)
{
    private readonly List<(EntryRecord Entry, List<EntryLinkSeed> Links)> _pendingLinks = [];

    public async Task WriteAsync(RootSeed? root, List<FolderSeed> folders, List<DocumentSeed> documents, CancellationToken cancellationToken)
    {
        var rootEntry = await reader.GetAsync(StoreInitializer.RootFolderId, cancellationToken);
        var rootIsBare = await IsBareAsync(rootEntry.Id, cancellationToken);
        await CreateChildrenAsync(rootEntry, folders, documents, cancellationToken);
        if (root is not null && rootIsBare)
        {
            await ApplyAsync(rootEntry, root, cancellationToken);
        }
        foreach (var (entry, links) in _pendingLinks)
        {
            await LinkAsync(entry, links, cancellationToken);
        }
    }

    private async Task CreateChildrenAsync(EntryRecord parent, List<FolderSeed> folders, List<DocumentSeed> documents, CancellationToken cancellationToken)
    {
        foreach (var folder in folders)
        {
            var (existing, _) = await reader.FindByPathAsync(EntryRecord.ChildPath(parent.FullPath, folder.Name), cancellationToken);
            var entry = existing ?? await Guard(parent, folder.Name, () =>
                entries.CreateAsync(parent.Id, new CreateEntryRequest { Name = folder.Name, EntryType = EntryTypeName.Folder }, user, cancellationToken));
            if (existing is null)
            {
                await ApplyAsync(entry, folder, cancellationToken);
            }
            await CreateChildrenAsync(entry, folder.Folders, folder.Documents, cancellationToken);
        }
        foreach (var document in documents)
        {
            var (existing, _) = await reader.FindByPathAsync(EntryRecord.ChildPath(parent.FullPath, document.Name), cancellationToken);
            if (existing is null)
            {
                var entry = await Guard(parent, document.Name, () => ImportAsync(parent, document, cancellationToken));
                if (document.Links is { Count: > 0 } links)
                {
                    _pendingLinks.Add((entry, links));
                }
            }
        }
    }

    private async Task<EntryRecord> ImportAsync(EntryRecord parent, DocumentSeed document, CancellationToken cancellationToken)
    {
        var request = new ImportEntryRequest
        {
            Name = document.Name,
            Metadata = new ImportEntryRequestMetadata { TemplateName = document.TemplateName, Fields = document.Fields?.Cast<FieldToUpdate?>().ToList(), Tags = document.Tags?.Cast<string?>().ToList() },
        };
        if (document.Pages.Count == 0 && document.ElectronicDocument is null)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, "a seeded document needs pages or an electronicDocument.");
        }
        var entry = document.Pages.Count > 0
            ? await ImportTextAsync(parent.Id, request, "pages.txt", string.Join('\f', document.Pages), false, cancellationToken)
            : null;
        if (document.ElectronicDocument is { } edoc)
        {
            entry = entry is null
                ? await ImportTextAsync(parent.Id, request with { ImportAsElectronicDocument = true }, edoc.FileName, edoc.Content, true, cancellationToken)
                : throw new ApiProblemException(ProblemCatalog.InvalidRequest, "a seeded document has pages or an electronicDocument, not both.");
        }
        return entry!;
    }

    private async Task<EntryRecord> ImportTextAsync(int folderId, ImportEntryRequest request, string fileName, string text, bool asEdoc, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        using var staged = await content.StageAsync(stream, long.MaxValue, cancellationToken);
        var file = new IncomingFile(staged, fileName, asEdoc ? null : "text/plain");
        return await imports.ImportAsync(folderId, false, request, file, [], user, cancellationToken);
    }

    private async Task ApplyAsync(EntryRecord entry, EntryMetadataSeed seed, CancellationToken cancellationToken)
    {
        if (seed.HasMetadata)
        {
            await Guard(entry, null, async () =>
            {
                await metadata.ApplyAsync(entry.Id, seed.TemplateName, seed.Fields, seed.Tags, null, cancellationToken);
                return entry;
            });
        }
        if (seed.Links is { Count: > 0 } links)
        {
            _pendingLinks.Add((entry, links));
        }
    }

    private async Task LinkAsync(EntryRecord entry, List<EntryLinkSeed> links, CancellationToken cancellationToken)
    {
        var updates = new List<LinkToUpdate?>();
        foreach (var link in links)
        {
            var (other, _) = await reader.FindByPathAsync(link.OtherEntry, cancellationToken);
            if (other is null)
            {
                throw new InvalidOperationException($"The seed links '{entry.FullPath}' to '{link.OtherEntry}', which the seed does not create.");
            }
            updates.Add(new LinkToUpdate { LinkDefinitionId = link.LinkDefinitionId, OtherEntryId = other.Id, IsSource = link.IsSource });
        }
        await Guard(entry, null, async () =>
        {
            await metadata.SetLinksAsync(entry.Id, updates, null, cancellationToken);
            return entry;
        });
    }

    private async Task<bool> IsBareAsync(int entryId, CancellationToken cancellationToken) =>
        (await metadata.ListFieldsAsync(entryId, user, cancellationToken)).Count == 0 &&
        (await metadata.ListTagsAsync(entryId, cancellationToken)).Count == 0 &&
        (await metadata.ListLinksAsync(entryId, "", null, cancellationToken)).Count == 0;

    /// <summary>A seed that the API would refuse stops the start with a message naming the entry.</summary>
    private static async Task<EntryRecord> Guard(EntryRecord entry, string? childName, Func<Task<EntryRecord>> action)
    {
        var path = childName is null ? entry.FullPath : EntryRecord.ChildPath(entry.FullPath, childName);
        try
        {
            return await action();
        }
        catch (ApiProblemException ex)
        {
            throw new InvalidOperationException($"The seed's entry '{path}' cannot be created: {ex.Detail ?? ex.Kind.Title}", ex);
        }
    }
}
