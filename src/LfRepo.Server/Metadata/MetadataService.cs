using System.Data.Common;
using System.Text;
using System.Text.Json;
using LfRepo.Server.Entries;
using LfRepo.Server.Problems;
using LfRepo.Server.Security;
using LfRepo.Server.Storage;

namespace LfRepo.Server.Metadata;

/// <summary>
/// An entry's fields, tags, links and template: reads, the overwrite-style writes the API has, and their
/// validation. Plain SQLite; definitions come from the in-memory <see cref="MetadataCatalog"/>.
/// </summary>
public sealed class MetadataService(
    StoreConnection store, EntryReader reader, EntryCache cache, MetadataCatalog catalog, DefinitionAccess access, EntryAccess entryAccess, DefinitionGate gate,
    TimeProvider clock)
{
    public const int MaxListingFields = 10;

    /// <summary>The entry's fields <paramref name="user"/> may read (ReadValue); the others do not exist for them.</summary>
    public async Task<IReadOnlyList<EntryField>> ListFieldsAsync(int entryId, string user, CancellationToken cancellationToken)
    {
        var entry = await reader.GetAsync(entryId, cancellationToken);
        await using var connection = await store.OpenAsync(cancellationToken);
        var values = await ReadValuesAsync(connection, null, entryId, cancellationToken);
        return Visible(Compose(entry, values, null, firstValueOnly: false), user);
    }

    /// <summary>
    /// Replaces every field value of the entry; template fields not given are reset (and must not be required).
    /// Fields <paramref name="user"/> may not set refuse the write; fields they cannot see keep their values.
    /// </summary>
    public async Task<IReadOnlyList<EntryField>> SetFieldsAsync(int entryId, IReadOnlyList<FieldToUpdate?>? fields, string user, CancellationToken cancellationToken)
    {
        if (fields is null)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, "fields is required; send an empty list to clear the entry's fields.");
        }
        await using var hold = await gate.HoldForValuesAsync(cancellationToken);
        var entry = await reader.GetAsync(entryId, cancellationToken);
        var values = Validate(fields, null);
        foreach (var fieldId in values.Keys)
        {
            access.RequireSetValue(user, fieldId, catalog.FindField(fieldId)!.Name);
        }

        await using var connection = await store.OpenAsync(cancellationToken);
        foreach (var (fieldId, kept) in await ReadValuesAsync(connection, null, entryId, cancellationToken))
        {
            if (!access.CanRead(user, fieldId))
            {
                values[fieldId] = kept;
            }
        }
        RequireTemplateFields(catalog.FindTemplate(entry.TemplateId), values);
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await WriteValuesAsync(connection, transaction, entryId, values, replaceAll: true, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return Visible(Compose(entry, values, null, firstValueOnly: false), user);
    }

    private IReadOnlyList<EntryField> Visible(IReadOnlyList<EntryField> fields, string user) =>
        [.. fields.Where(f => access.CanRead(user, f.Field.Id))];

    public async Task<IReadOnlyList<TagDefinitionRecord>> ListTagsAsync(int entryId, CancellationToken cancellationToken)
    {
        await reader.GetAsync(entryId, cancellationToken);
        await using var connection = await store.OpenAsync(cancellationToken);
        var ids = new HashSet<int>();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT TagId FROM EntryTags WHERE EntryId = @entry";
        command.AddWithValue("@entry", entryId);
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            ids.Add(rows.GetInt32(0));
        }
        return [.. catalog.Tags.Where(t => ids.Contains(t.Id)).OrderBy(t => t.NameKey, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<TagDefinitionRecord>> SetTagsAsync(int entryId, IReadOnlyList<string?>? tags, CancellationToken cancellationToken)
    {
        if (tags is null)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, "tags is required; send an empty list to clear the entry's tags.");
        }
        await reader.GetAsync(entryId, cancellationToken);
        var chosen = ResolveTags(tags);
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await WriteTagsAsync(connection, transaction, entryId, chosen, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return [.. chosen.OrderBy(t => t.NameKey, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The links the entry is either end of, each with the URLs of both ends. A link whose other end
    /// <paramref name="user"/> may not browse is left out: that entry does not exist for them (null: every link).
    /// </summary>
    public async Task<IReadOnlyList<EntryLink>> ListLinksAsync(int entryId, string entriesUri, string? user, CancellationToken cancellationToken)
    {
        await reader.GetAsync(entryId, cancellationToken);
        await using var connection = await store.OpenAsync(cancellationToken);
        var records = new List<EntryLinkRecord>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT Id, LinkDefinitionId, SourceId, TargetId, CustomPropertiesJson FROM EntryLinks WHERE SourceId = @entry
                UNION SELECT Id, LinkDefinitionId, SourceId, TargetId, CustomPropertiesJson FROM EntryLinks WHERE TargetId = @entry
                ORDER BY Id
                """;
            command.AddWithValue("@entry", entryId);
            await using var rows = await command.ExecuteReaderAsync(cancellationToken);
            while (await rows.ReadAsync(cancellationToken))
            {
                records.Add(new EntryLinkRecord
                {
                    Id = rows.GetInt32(0), LinkDefinitionId = rows.GetInt32(1), SourceId = rows.GetInt32(2), TargetId = rows.GetInt32(3),
                    CustomPropertiesJson = rows.IsDBNull(4) ? null : rows.GetString(4),
                });
            }
        }
        if (user is not null && entryAccess.Principal(user) is { IsAdministrator: false } principal)
        {
            var browsable = await entryAccess.BrowsableAsync(principal, records.Select(r => r.SourceId == entryId ? r.TargetId : r.SourceId), cancellationToken);
            records.RemoveAll(r => !browsable.Contains(r.SourceId == entryId ? r.TargetId : r.SourceId));
        }
        var links = new List<EntryLink>(records.Count);
        foreach (var record in records)
        {
            var definition = catalog.FindLink(record.LinkDefinitionId) ?? new LinkDefinitionRecord { Id = record.LinkDefinitionId };
            links.Add(new EntryLink(record, definition,
                await reader.FindAsync(record.SourceId, cancellationToken), await reader.FindAsync(record.TargetId, cancellationToken),
                $"{entriesUri}/{record.SourceId}", $"{entriesUri}/{record.TargetId}"));
        }
        return links;
    }

    /// <summary>
    /// Replaces every link the entry is an end of that <paramref name="user"/> can see: links to entries they may not
    /// browse stay as they are, and naming such an entry is a 404, as for an entry that does not exist (null: no check).
    /// </summary>
    public async Task SetLinksAsync(int entryId, IReadOnlyList<LinkToUpdate?>? links, string? user, CancellationToken cancellationToken)
    {
        if (links is null)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, "links is required; send an empty list to clear the entry's links.");
        }
        await reader.GetAsync(entryId, cancellationToken);
        var records = await ResolveLinksAsync(entryId, links, cancellationToken);
        await using var connection = await store.OpenAsync(cancellationToken);
        if (user is not null && entryAccess.Principal(user) is { IsAdministrator: false } principal)
        {
            int OtherEnd(EntryLinkRecord link) => link.SourceId == entryId ? link.TargetId : link.SourceId;
            var existing = await ReadLinkRowsAsync(connection, null, entryId, cancellationToken);
            var browsable = await entryAccess.BrowsableAsync(principal, records.Concat(existing).Select(OtherEnd), cancellationToken);
            if (records.FirstOrDefault(r => !browsable.Contains(OtherEnd(r))) is { } hidden)
            {
                throw new ApiProblemException(ProblemCatalog.EntryNotFound, $"The entry to link to, entry {OtherEnd(hidden)}, does not exist.");
            }
            records.AddRange(existing.Where(l => !browsable.Contains(OtherEnd(l))));
        }
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await WriteLinksAsync(connection, transaction, entryId, records, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Assigns a template: only its fields change. Values the entry already holds for them stay unless the request
    /// gives new ones; fields that are not the template's are ignored, as the spec says.
    /// </summary>
    public async Task<EntryRecord> SetTemplateAsync(int entryId, string? templateName, IReadOnlyList<FieldToUpdate?>? fields, string user, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(templateName))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, "templateName is required.");
        }
        await using var hold = await gate.HoldForValuesAsync(cancellationToken);
        var template = catalog.GetTemplate(templateName);
        access.RequireTemplate(user, template.Id, template.Name);
        foreach (var field in (fields ?? []).Select(f => f?.Name is null ? null : template.Fields.FirstOrDefault(t => t.Field.Name.Equals(f.Name, StringComparison.OrdinalIgnoreCase))))
        {
            if (field is not null)
            {
                access.RequireSetValue(user, field.Field.Id, field.Field.Name);
            }
        }
        await reader.GetAsync(entryId, cancellationToken);
        await using var connection = await store.OpenAsync(cancellationToken);
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await AssignTemplateAsync(connection, transaction, entryId, template, fields, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        cache.Invalidate();
        return await reader.GetAsync(entryId, cancellationToken);
    }

    /// <summary>Removes the template; the values of its fields stay on the entry as independent fields.</summary>
    public async Task<EntryRecord> RemoveTemplateAsync(int entryId, CancellationToken cancellationToken)
    {
        var entry = await reader.GetAsync(entryId, cancellationToken);
        if (entry.TemplateId == 0)
        {
            return entry;
        }
        await using var connection = await store.OpenAsync(cancellationToken);
        await UpdateTemplateColumnsAsync(connection, null, entryId, null, cancellationToken);
        cache.Invalidate();
        return await reader.GetAsync(entryId, cancellationToken);
    }

    /// <summary>
    /// Sets an entry's whole metadata at once, as an import's <c>metadata</c> does: the template (404 with errorCode
    /// 204 when unknown), then the fields (template fields and independent ones alike), tags and links. Null parts
    /// are left alone. Everything is validated before anything is written.
    /// </summary>
    public async Task ApplyAsync(
        int entryId, string? templateName, IReadOnlyList<FieldToUpdate?>? fields, IReadOnlyList<string?>? tags, IReadOnlyList<LinkToUpdate?>? links,
        CancellationToken cancellationToken)
    {
        await using var hold = await gate.HoldForValuesAsync(cancellationToken);
        var entry = await reader.GetAsync(entryId, cancellationToken);
        var prepared = await PrepareAsync(entryId, entry.TemplateId, templateName, fields, tags, links, cancellationToken);
        await using var connection = await store.OpenAsync(cancellationToken);
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await WriteAsync(connection, transaction, entryId, entry.TemplateId, prepared, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        cache.Invalidate();
    }

    /// <summary>
    /// Validates the metadata of an entry that does not exist yet (an import), so a bad value fails the request
    /// before anything is created; write it with <see cref="WriteNewEntryAsync"/> in the transaction that inserts the entry.
    /// The caller holds <see cref="HoldDefinitionsAsync"/> from this call until that transaction ends.
    /// </summary>
    public Task<PreparedMetadata> PrepareNewEntryAsync(
        string? templateName, IReadOnlyList<FieldToUpdate?>? fields, IReadOnlyList<string?>? tags, IReadOnlyList<LinkToUpdate?>? links,
        CancellationToken cancellationToken) =>
        PrepareAsync(NoEntryYet, 0, templateName, fields, tags, links, cancellationToken);

    public Task WriteNewEntryAsync(DbConnection connection, DbTransaction transaction, int entryId, PreparedMetadata prepared, CancellationToken cancellationToken) =>
        WriteAsync(connection, transaction, entryId, 0, prepared with
        {
            Links = prepared.Links?.Select(l => new EntryLinkRecord
            {
                LinkDefinitionId = l.LinkDefinitionId,
                SourceId = l.SourceId == NoEntryYet ? entryId : l.SourceId,
                TargetId = l.TargetId == NoEntryYet ? entryId : l.TargetId,
                CustomPropertiesJson = l.CustomPropertiesJson,
            }).ToList(),
        }, cancellationToken);

    /// <summary>
    /// Validates an additive update of an existing entry's metadata (UpdateDocument): the given fields replace
    /// those fields' values, the given tags and links are added to the entry's own. Write it with
    /// <see cref="WriteUpdateAsync"/> in the caller's transaction. The caller holds <see cref="HoldDefinitionsAsync"/> from
    /// this call until that transaction ends.
    /// </summary>
    public async Task<PreparedMetadata> PrepareUpdateAsync(
        int entryId, string? templateName, IReadOnlyList<FieldToUpdate?>? fields, IReadOnlyList<string?>? tags, IReadOnlyList<LinkToUpdate?>? links,
        CancellationToken cancellationToken)
    {
        var entry = await reader.GetAsync(entryId, cancellationToken);
        var template = string.IsNullOrWhiteSpace(templateName) ? catalog.FindTemplate(entry.TemplateId) : catalog.GetTemplate(templateName);
        var values = fields is { Count: > 0 } ? Validate(fields, null) : null;
        if (template is not null && template.Id != entry.TemplateId)
        {
            await using var connection = await store.OpenAsync(cancellationToken);
            var current = await ReadValuesAsync(connection, null, entryId, cancellationToken);
            foreach (var (fieldId, fieldValues) in values ?? [])
            {
                current[fieldId] = fieldValues;
            }
            AddDefaults(template, current);
            RequireTemplateFields(template, current);
            values = current;
        }
        List<TagDefinitionRecord>? chosenTags = null;
        if (tags is { Count: > 0 })
        {
            chosenTags = [.. (await ListTagsAsync(entryId, cancellationToken)).Concat(ResolveTags(tags)).DistinctBy(t => t.Id)];
        }
        List<EntryLinkRecord>? linkRecords = null;
        if (links is { Count: > 0 })
        {
            await using var connection = await store.OpenAsync(cancellationToken);
            linkRecords = [.. await ReadLinkRowsAsync(connection, null, entryId, cancellationToken), .. await ResolveLinksAsync(entryId, links, cancellationToken)];
        }
        return new PreparedMetadata(template, values, ReplaceAllValues: false, chosenTags, linkRecords);
    }

    public async Task WriteUpdateAsync(DbConnection connection, DbTransaction transaction, int entryId, PreparedMetadata prepared, CancellationToken cancellationToken)
    {
        var entry = await reader.GetAsync(entryId, cancellationToken);
        await WriteAsync(connection, transaction, entryId, entry.TemplateId, prepared, cancellationToken);
    }

    /// <summary>The entry's template, field values, tags and links as JSON, for <see cref="RestoreAsync"/> (a check-out keeps it).</summary>
    public static async Task<string> SnapshotAsync(DbConnection connection, DbTransaction transaction, int entryId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT TemplateId, TemplateName FROM Entries WHERE Id = @entry";
        command.AddWithValue("@entry", entryId);
        int templateId;
        string templateName;
        await using (var rows = await command.ExecuteReaderAsync(cancellationToken))
        {
            await rows.ReadAsync(cancellationToken);
            (templateId, templateName) = (rows.GetInt32(0), rows.GetString(1));
        }
        var tags = new List<int>();
        command.CommandText = "SELECT TagId FROM EntryTags WHERE EntryId = @entry ORDER BY TagId";
        await using (var rows = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await rows.ReadAsync(cancellationToken))
            {
                tags.Add(rows.GetInt32(0));
            }
        }
        var snapshot = new MetadataSnapshot(templateId, templateName, await ReadValuesAsync(connection, transaction, entryId, cancellationToken), tags,
            [.. (await ReadLinkRowsAsync(connection, transaction, entryId, cancellationToken)).Select(l => new MetadataSnapshotLink(l.LinkDefinitionId, l.SourceId, l.TargetId, l.CustomPropertiesJson))]);
        return JsonSerializer.Serialize(snapshot);
    }

    /// <summary>
    /// Definitions stay as they are while the caller validates field values and writes them: the shared hold of the
    /// <see cref="DefinitionGate"/>, to dispose after the commit. Needed around <see cref="PrepareNewEntryAsync"/>,
    /// <see cref="PrepareUpdateAsync"/> and <see cref="RestoreAsync"/> and the transactions that write what they give.
    /// </summary>
    public Task<IAsyncDisposable> HoldDefinitionsAsync(CancellationToken cancellationToken) => gate.HoldForValuesAsync(cancellationToken);

    /// <summary>
    /// Puts back the metadata <see cref="SnapshotAsync"/> kept. Definitions may have changed since: values are put
    /// back in their field's present form, and what the field can no longer hold (or a deleted field) stays out,
    /// as the change itself dropped it from every entry.
    /// </summary>
    public async Task RestoreAsync(DbConnection connection, DbTransaction transaction, int entryId, string snapshotJson, CancellationToken cancellationToken)
    {
        var snapshot = JsonSerializer.Deserialize<MetadataSnapshot>(snapshotJson)!;
        var values = new Dictionary<int, List<string>>();
        foreach (var (fieldId, kept) in snapshot.Values)
        {
            if (catalog.FindField(fieldId) is { } field && kept.Select(v => FieldTypeChange.Convert(field, v)).OfType<string>().ToList() is { Count: > 0 } present)
            {
                values[fieldId] = present;
            }
        }
        await WriteValuesAsync(connection, transaction, entryId, values, replaceAll: true, cancellationToken);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM EntryTags WHERE EntryId = @entry";
            command.AddWithValue("@entry", entryId);
            await command.ExecuteNonQueryAsync(cancellationToken);
            command.CommandText = "INSERT INTO EntryTags (EntryId, TagId) VALUES (@entry, @tag)";
            var tag = command.AddParameter("@tag");
            foreach (var id in snapshot.Tags)
            {
                tag.Value = id;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            command.CommandText = "UPDATE Entries SET TemplateId = @id, TemplateName = @name WHERE Id = @entry";
            command.AddWithValue("@id", snapshot.TemplateId);
            command.AddWithValue("@name", snapshot.TemplateName);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await WriteLinksAsync(connection, transaction, entryId, [.. snapshot.Links.Select(l => new EntryLinkRecord
        {
            LinkDefinitionId = l.LinkDefinitionId,
            SourceId = l.SourceId,
            TargetId = l.TargetId,
            CustomPropertiesJson = l.CustomPropertiesJson,
        })], cancellationToken);
    }

    private static async Task<List<EntryLinkRecord>> ReadLinkRowsAsync(DbConnection connection, DbTransaction? transaction, int entryId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT LinkDefinitionId, SourceId, TargetId, CustomPropertiesJson FROM EntryLinks WHERE SourceId = @entry OR TargetId = @entry ORDER BY Id";
        command.AddWithValue("@entry", entryId);
        var links = new List<EntryLinkRecord>();
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            links.Add(new EntryLinkRecord
            {
                LinkDefinitionId = rows.GetInt32(0),
                SourceId = rows.GetInt32(1),
                TargetId = rows.GetInt32(2),
                CustomPropertiesJson = rows.IsDBNull(3) ? null : rows.GetString(3),
            });
        }
        return links;
    }

    /// <summary>Stands for the entry an import is about to create; no entry has id 0.</summary>
    private const int NoEntryYet = 0;

    private async Task<PreparedMetadata> PrepareAsync(
        int entryId, int currentTemplateId, string? templateName, IReadOnlyList<FieldToUpdate?>? fields, IReadOnlyList<string?>? tags,
        IReadOnlyList<LinkToUpdate?>? links, CancellationToken cancellationToken)
    {
        var template = string.IsNullOrWhiteSpace(templateName) ? catalog.FindTemplate(currentTemplateId) : catalog.GetTemplate(templateName);
        var values = fields is null ? null : Validate(fields, null);
        if (template is not null)
        {
            var withDefaults = values ?? [];
            AddDefaults(template, withDefaults);
            RequireTemplateFields(template, withDefaults);
            values = withDefaults;
        }
        var chosenTags = tags is null ? null : ResolveTags(tags);
        var linkRecords = links is null ? null : await ResolveLinksAsync(entryId, links, cancellationToken);
        return new PreparedMetadata(template, values, ReplaceAllValues: fields is not null, chosenTags, linkRecords);
    }

    private async Task WriteAsync(
        DbConnection connection, DbTransaction transaction, int entryId, int currentTemplateId, PreparedMetadata prepared, CancellationToken cancellationToken)
    {
        if (prepared.Template is { } template && template.Id != currentTemplateId)
        {
            await UpdateTemplateColumnsAsync(connection, transaction, entryId, template, cancellationToken);
        }
        if (prepared.Values is not null)
        {
            await WriteValuesAsync(connection, transaction, entryId, prepared.Values, replaceAll: prepared.ReplaceAllValues, cancellationToken);
        }
        if (prepared.Tags is not null)
        {
            await WriteTagsAsync(connection, transaction, entryId, prepared.Tags, cancellationToken);
        }
        if (prepared.Links is not null)
        {
            await WriteLinksAsync(connection, transaction, entryId, prepared.Links, cancellationToken);
        }
    }

    /// <summary>
    /// Dynamic field logic: for each dynamic field of the template, the values its parent field's value allows.
    /// The parent's value comes from the request, else from the entry.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string[]>> ListDynamicFieldValuesAsync(int entryId, ListDynamicFieldValuesRequest request, CancellationToken cancellationToken)
    {
        if (request.TemplateId is not { } templateId)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, "templateId is required.");
        }
        var template = catalog.FindTemplate(templateId)
            ?? throw new ApiProblemException(ProblemCatalog.TemplateNotFound, $"Template definition {templateId} does not exist.");
        await reader.GetAsync(entryId, cancellationToken);
        await using var connection = await store.OpenAsync(cancellationToken);
        var current = await ReadValuesAsync(connection, null, entryId, cancellationToken);
        var given = new Dictionary<string, string?>(request.FieldValues ?? [], StringComparer.OrdinalIgnoreCase);

        var result = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var field in template.Fields)
        {
            if (field.ParentFieldId is not { } parentId || field.DynamicValues is null || catalog.FindField(parentId) is not { } parent)
            {
                continue;
            }
            var parentValue = given.TryGetValue(parent.Name, out var sent) ? sent : current.GetValueOrDefault(parentId)?.FirstOrDefault();
            result[field.Field.Name] = parentValue is not null && field.DynamicValues.TryGetValue(parentValue, out var allowed) ? allowed : [];
        }
        return result;
    }

    /// <summary>
    /// Field definitions for the <c>fields</c> parameter of a listing: at most ten known names. Empty values
    /// (<c>?fields=</c>) name no field; with no name at all the listing has no fields (null). A field the user may not
    /// read is unknown to them.
    /// </summary>
    public IReadOnlyList<FieldDefinition>? ResolveListingFields(string[]? values, string user)
    {
        var names = (values ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).ToList();
        if (names.Count == 0)
        {
            return null;
        }
        if (names.Count > MaxListingFields)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"fields names {names.Count} fields; at most {MaxListingFields} may be requested.");
        }
        return [.. names.Select(n => catalog.FindField(n) is { } field && access.CanRead(user, field.Id)
                ? field
                : throw new ApiProblemException(ProblemCatalog.UnknownField, $"fields: the field '{n}' does not exist."))
            .DistinctBy(f => f.Id)];
    }

    /// <summary>
    /// The requested fields of each listed entry, first value only (<c>hasMoreValues</c> says whether more exist):
    /// the fields ListFields would show, restricted to the requested ones.
    /// </summary>
    public async Task<Dictionary<int, IReadOnlyList<EntryField>>> FieldsForListingAsync(
        IReadOnlyList<EntryRecord> entries, IReadOnlyList<FieldDefinition> fields, CancellationToken cancellationToken)
    {
        var result = new Dictionary<int, IReadOnlyList<EntryField>>();
        if (entries.Count == 0)
        {
            return result;
        }
        var values = new Dictionary<int, Dictionary<int, List<string>>>();
        await using (var connection = await store.OpenAsync(cancellationToken))
        await using (var command = connection.CreateCommand())
        {
            var sql = new StringBuilder("SELECT EntryId, FieldId, Value FROM EntryFields WHERE EntryId IN (");
            for (var i = 0; i < entries.Count; i++)
            {
                sql.Append(i == 0 ? "" : ", ").Append("@e").Append(i);
                command.AddWithValue("@e" + i, entries[i].Id);
            }
            sql.Append(") AND FieldId IN (");
            for (var i = 0; i < fields.Count; i++)
            {
                sql.Append(i == 0 ? "" : ", ").Append("@f").Append(i);
                command.AddWithValue("@f" + i, fields[i].Id);
            }
            sql.Append(") ORDER BY EntryId, FieldId, Position");
            command.CommandText = sql.ToString();
            await using var rows = await command.ExecuteReaderAsync(cancellationToken);
            while (await rows.ReadAsync(cancellationToken))
            {
                var perEntry = values.TryGetValue(rows.GetInt32(0), out var found) ? found : values[rows.GetInt32(0)] = [];
                var list = perEntry.TryGetValue(rows.GetInt32(1), out var existing) ? existing : perEntry[rows.GetInt32(1)] = [];
                list.Add(rows.GetString(2));
            }
        }
        var wanted = fields.Select(f => f.Id).ToHashSet();
        foreach (var entry in entries)
        {
            result[entry.Id] = Compose(entry, values.GetValueOrDefault(entry.Id) ?? [], wanted, firstValueOnly: true);
        }
        return result;
    }

    private IReadOnlyList<EntryField> Compose(EntryRecord entry, Dictionary<int, List<string>> values, HashSet<int>? only, bool firstValueOnly)
    {
        var template = catalog.FindTemplate(entry.TemplateId);
        var result = new List<EntryField>();
        EntryField Make(FieldDefinition field, TemplateField? inTemplate)
        {
            var all = values.GetValueOrDefault(field.Id) ?? [];
            return firstValueOnly && all.Count > 1
                ? new EntryField(field, inTemplate, [all[0]], HasMoreValues: true)
                : new EntryField(field, inTemplate, all, HasMoreValues: false);
        }
        if (template is not null)
        {
            result.AddRange(template.Fields.Where(t => only is null || only.Contains(t.Field.Id)).Select(t => Make(t.Field, t)));
        }
        var independent = values.Keys
            .Where(id => (only is null || only.Contains(id)) && template?.Find(id) is null)
            .Select(id => catalog.FindField(id))
            .OfType<FieldDefinition>()
            .OrderBy(f => f.Record.NameKey, StringComparer.Ordinal);
        result.AddRange(independent.Select(f => Make(f, null)));
        return result;
    }

    /// <summary>Checks every field of a write: known, not repeated, values valid. Returns canonical values by field id.</summary>
    private Dictionary<int, List<string>> Validate(IReadOnlyList<FieldToUpdate?> fields, TemplateDefinition? onlyOf)
    {
        var values = new Dictionary<int, List<string>>();
        foreach (var field in fields)
        {
            if (string.IsNullOrWhiteSpace(field?.Name))
            {
                throw new ApiProblemException(ProblemCatalog.InvalidRequest, "Every field needs a name.");
            }
            var definition = catalog.FindField(field.Name)
                ?? throw new ApiProblemException(ProblemCatalog.UnknownField, $"The field '{field.Name}' does not exist.");
            if (onlyOf is not null && onlyOf.Find(definition.Id) is null)
            {
                continue;
            }
            if (values.ContainsKey(definition.Id))
            {
                throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"The field '{definition.Name}' is given more than once.");
            }
            values[definition.Id] = FieldValues.Canonicalize(definition, field.Values);
        }
        return values;
    }

    private static void AddDefaults(TemplateDefinition template, Dictionary<int, List<string>> values)
    {
        foreach (var field in template.Fields)
        {
            if (field.Field.Record.DefaultValue.Length > 0 && values.GetValueOrDefault(field.Field.Id) is null or { Count: 0 })
            {
                values[field.Field.Id] = FieldValues.Canonicalize(field.Field, [field.Field.Record.DefaultValue]);
            }
        }
    }

    private static void RequireTemplateFields(TemplateDefinition? template, Dictionary<int, List<string>> values)
    {
        var missing = template?.Fields.FirstOrDefault(f => f.IsRequired && values.GetValueOrDefault(f.Field.Id) is null or { Count: 0 });
        if (missing is not null)
        {
            throw new ApiProblemException(ProblemCatalog.RequiredFieldMissing,
                $"The field '{missing.Field.Name}' of template '{template!.Name}' is required and has no value.");
        }
    }

    private List<TagDefinitionRecord> ResolveTags(IReadOnlyList<string?> tags) =>
        [.. tags.Select(name => string.IsNullOrWhiteSpace(name)
                ? throw new ApiProblemException(ProblemCatalog.UnknownTag, "A tag name is empty.")
                : catalog.FindTag(name) ?? throw new ApiProblemException(ProblemCatalog.UnknownTag, $"The tag '{name}' does not exist."))
            .DistinctBy(t => t.Id)];

    private async Task<List<EntryLinkRecord>> ResolveLinksAsync(int entryId, IReadOnlyList<LinkToUpdate?> links, CancellationToken cancellationToken)
    {
        var records = new List<EntryLinkRecord>(links.Count);
        foreach (var link in links)
        {
            if (link?.LinkDefinitionId is not { } definitionId || link.OtherEntryId is not { } otherId)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidRequest, "Every link needs linkDefinitionId and otherEntryId.");
            }
            if (catalog.FindLink(definitionId) is null)
            {
                throw new ApiProblemException(ProblemCatalog.UnknownLinkDefinition, $"Link definition {definitionId} does not exist.");
            }
            if (otherId == entryId)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"Entry {entryId} cannot be linked to itself.");
            }
            if (await reader.FindAsync(otherId, cancellationToken) is null)
            {
                throw new ApiProblemException(ProblemCatalog.EntryNotFound, $"The entry to link to, entry {otherId}, does not exist.");
            }
            records.Add(new EntryLinkRecord
            {
                LinkDefinitionId = definitionId,
                SourceId = link.IsSource ? entryId : otherId,
                TargetId = link.IsSource ? otherId : entryId,
                CustomPropertiesJson = link.CustomProperties is { Count: > 0 } properties ? JsonSerializer.Serialize(properties) : null,
            });
        }
        return records;
    }

    private async Task AssignTemplateAsync(
        DbConnection connection, DbTransaction transaction, int entryId, TemplateDefinition template, IReadOnlyList<FieldToUpdate?>? fields,
        CancellationToken cancellationToken)
    {
        var given = Validate(fields ?? [], template);
        var values = await ReadValuesAsync(connection, transaction, entryId, cancellationToken);
        foreach (var (fieldId, fieldValues) in given)
        {
            values[fieldId] = fieldValues;
        }
        AddDefaults(template, values);
        RequireTemplateFields(template, values);
        var templateValues = template.Fields.Where(f => values.ContainsKey(f.Field.Id)).ToDictionary(f => f.Field.Id, f => values[f.Field.Id]);
        await WriteValuesAsync(connection, transaction, entryId, templateValues, replaceAll: false, cancellationToken);
        await UpdateTemplateColumnsAsync(connection, transaction, entryId, template, cancellationToken);
    }

    private async Task UpdateTemplateColumnsAsync(DbConnection connection, DbTransaction? transaction, int entryId, TemplateDefinition? template, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE Entries SET TemplateId = @id, TemplateName = @name, LastModifiedTicks = @now WHERE Id = @entry";
        command.AddWithValue("@id", template?.Id ?? 0);
        command.AddWithValue("@name", template?.Name ?? "");
        command.AddWithValue("@now", clock.GetUtcNow().UtcTicks);
        command.AddWithValue("@entry", entryId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<Dictionary<int, List<string>>> ReadValuesAsync(DbConnection connection, DbTransaction? transaction, int entryId, CancellationToken cancellationToken)
    {
        var values = new Dictionary<int, List<string>>();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT FieldId, Value FROM EntryFields WHERE EntryId = @entry ORDER BY FieldId, Position";
        command.AddWithValue("@entry", entryId);
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            (values.TryGetValue(rows.GetInt32(0), out var list) ? list : values[rows.GetInt32(0)] = []).Add(rows.GetString(1));
        }
        return values;
    }

    // Inserts check that the entries still exist: a delete that committed since validation leaves no orphan rows.

    /// <summary>Writes values: all of the entry's replaced (<paramref name="replaceAll"/>), else only the given fields'.</summary>
    private static async Task WriteValuesAsync(
        DbConnection connection, DbTransaction transaction, int entryId, Dictionary<int, List<string>> values, bool replaceAll, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.AddWithValue("@entry", entryId);
        var field = command.AddParameter("@field");
        if (replaceAll)
        {
            command.CommandText = "DELETE FROM EntryFields WHERE EntryId = @entry";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        else
        {
            command.CommandText = "DELETE FROM EntryFields WHERE EntryId = @entry AND FieldId = @field";
            foreach (var fieldId in values.Keys)
            {
                field.Value = fieldId;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        command.CommandText = "INSERT INTO EntryFields (EntryId, FieldId, Position, Value) SELECT @entry, @field, @position, @value WHERE EXISTS (SELECT 1 FROM Entries WHERE Id = @entry)";
        var position = command.AddParameter("@position");
        var value = command.AddParameter("@value");
        foreach (var (fieldId, fieldValues) in values)
        {
            for (var i = 0; i < fieldValues.Count; i++)
            {
                field.Value = fieldId;
                position.Value = i;
                value.Value = fieldValues[i];
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    private static async Task WriteTagsAsync(DbConnection connection, DbTransaction transaction, int entryId, List<TagDefinitionRecord> tags, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM EntryTags WHERE EntryId = @entry";
        command.AddWithValue("@entry", entryId);
        await command.ExecuteNonQueryAsync(cancellationToken);
        command.CommandText = "INSERT INTO EntryTags (EntryId, TagId) SELECT @entry, @tag WHERE EXISTS (SELECT 1 FROM Entries WHERE Id = @entry)";
        var tag = command.AddParameter("@tag");
        foreach (var definition in tags)
        {
            tag.Value = definition.Id;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task WriteLinksAsync(DbConnection connection, DbTransaction transaction, int entryId, List<EntryLinkRecord> links, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM EntryLinks WHERE SourceId = @entry OR TargetId = @entry";
        command.AddWithValue("@entry", entryId);
        await command.ExecuteNonQueryAsync(cancellationToken);
        command.CommandText = """
            INSERT INTO EntryLinks (LinkDefinitionId, SourceId, TargetId, CustomPropertiesJson)
            SELECT @definition, @source, @target, @properties
            WHERE EXISTS (SELECT 1 FROM Entries WHERE Id = @source) AND EXISTS (SELECT 1 FROM Entries WHERE Id = @target)
            """;
        var definition = command.AddParameter("@definition");
        var source = command.AddParameter("@source");
        var target = command.AddParameter("@target");
        var properties = command.AddParameter("@properties");
        foreach (var link in links)
        {
            definition.Value = link.LinkDefinitionId;
            source.Value = link.SourceId;
            target.Value = link.TargetId;
            properties.Value = (object?)link.CustomPropertiesJson ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}

/// <summary>Metadata checked and resolved, ready to be written in one transaction.</summary>
/// <summary>An entry's metadata as a check-out keeps it.</summary>
public sealed record MetadataSnapshot(int TemplateId, string TemplateName, Dictionary<int, List<string>> Values, List<int> Tags, List<MetadataSnapshotLink> Links);

public sealed record MetadataSnapshotLink(int LinkDefinitionId, int SourceId, int TargetId, string? CustomPropertiesJson);

public sealed record PreparedMetadata(
    TemplateDefinition? Template,
    Dictionary<int, List<string>>? Values,
    bool ReplaceAllValues,
    List<TagDefinitionRecord>? Tags,
    List<EntryLinkRecord>? Links);
