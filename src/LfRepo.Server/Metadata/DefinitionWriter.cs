using System.Data.Common;
using System.Text.Json;
using LfRepo.Server.Entries;
using LfRepo.Server.Problems;
using LfRepo.Server.Storage;

namespace LfRepo.Server.Metadata;

/// <summary>
/// The one way definitions change after start: each administration call runs in one transaction, and the
/// <see cref="MetadataCatalog"/> is reloaded after it commits, so every reader sees the change at once. Calls run
/// one at a time, holding the <see cref="DefinitionGate"/> alone: each checks against the catalog the previous one
/// left, no reload overtakes a later one, and no field value checked against the old definitions is written meanwhile.
/// </summary>
public sealed class DefinitionWriter(StoreConnection store, MetadataCatalog catalog, EntryCache cache, DefinitionGate gate)
{
    public async Task<T> WriteAsync<T>(Func<DefinitionChange, Task<T>> change, CancellationToken cancellationToken)
    {
        await using (await gate.HoldForDefinitionsAsync(cancellationToken))
        {
            await using var connection = await store.OpenAsync(cancellationToken);
            T result;
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
            {
                result = await change(new DefinitionChange(connection, transaction, cancellationToken));
                await StoreGenerations.BumpAsync(connection, transaction, DefinitionsFollower.Name, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            // Committed: the reload must happen even if the caller has gone away meanwhile.
            await catalog.LoadAsync(connection, CancellationToken.None);
            cache.Invalidate();
            return result;
        }
    }
}

/// <summary>The statements of one administration call, all in its transaction.</summary>
public sealed class DefinitionChange(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
{
    public async Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<long> ScalarAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
    }

    public async Task ReadAsync(string sql, Action<DbDataReader> read, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            read(reader);
        }
    }

    /// <summary>Every value of a field, by entry, in order.</summary>
    public async Task<SortedDictionary<int, List<string>>> ReadValuesAsync(int fieldId)
    {
        var values = new SortedDictionary<int, List<string>>();
        await ReadAsync("SELECT EntryId, Value FROM EntryFields WHERE FieldId = @field ORDER BY EntryId, Position", r =>
            (values.TryGetValue(r.GetInt32(0), out var list) ? list : values[r.GetInt32(0)] = []).Add(r.GetString(1)), ("@field", fieldId));
        return values;
    }

    /// <summary>Replaces every value of a field with <paramref name="values"/> (by entry, in order).</summary>
    public async Task WriteValuesAsync(int fieldId, IReadOnlyDictionary<int, List<string>> values)
    {
        await ExecuteAsync("DELETE FROM EntryFields WHERE FieldId = @field", ("@field", fieldId));
        await using var command = Command("INSERT INTO EntryFields (EntryId, FieldId, Position, Value) VALUES (@entry, @field, @position, @value)", [("@field", fieldId)]);
        var entry = command.AddParameter("@entry");
        var position = command.AddParameter("@position");
        var value = command.AddParameter("@value");
        foreach (var (entryId, entryValues) in values)
        {
            for (var i = 0; i < entryValues.Count; i++)
            {
                entry.Value = entryId;
                position.Value = i;
                value.Value = entryValues[i];
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    /// <summary>Writes a field's administration-only flags and its custom-properties bag.</summary>
    public Task SaveSettingsAsync(FieldDefinitionSettingsRecord settings) => ExecuteAsync("""
        INSERT INTO FieldDefinitionSettings (FieldId, IsIndexed, IsIndexedForReporting, WarnIfBlank, HideListValues, AutoExtract, PropertiesJson)
        VALUES (@field, @indexed, @reporting, @warn, @hide, @extract, @properties)
        ON CONFLICT (FieldId) DO UPDATE SET IsIndexed = excluded.IsIndexed, IsIndexedForReporting = excluded.IsIndexedForReporting,
            WarnIfBlank = excluded.WarnIfBlank, HideListValues = excluded.HideListValues, AutoExtract = excluded.AutoExtract,
            PropertiesJson = excluded.PropertiesJson
        """, ("@field", settings.FieldId), ("@indexed", settings.IsIndexed), ("@reporting", settings.IsIndexedForReporting),
        ("@warn", settings.WarnIfBlank), ("@hide", settings.HideListValues), ("@extract", settings.AutoExtract), ("@properties", settings.PropertiesJson));

    public Task SaveSettingsAsync(TemplateDefinitionSettingsRecord settings) => ExecuteAsync("""
        INSERT INTO TemplateDefinitionSettings (TemplateId, Color, IsAutoAssignable, PropertiesJson) VALUES (@template, @color, @auto, @properties)
        ON CONFLICT (TemplateId) DO UPDATE SET Color = excluded.Color, IsAutoAssignable = excluded.IsAutoAssignable, PropertiesJson = excluded.PropertiesJson
        """, ("@template", settings.TemplateId), ("@color", settings.Color), ("@auto", settings.IsAutoAssignable), ("@properties", settings.PropertiesJson));

    /// <summary>Gives a template exactly these fields, in this order; a field's group, logic and per-template properties stay with it.</summary>
    public async Task SetTemplateFieldsAsync(int templateId, IReadOnlyList<int> fieldIds)
    {
        // "NOT IN ()" is SQLite's; PostgreSQL wants at least one value.
        string NotKept(string column) => fieldIds.Count == 0 ? "1 = 1" : $"{column} NOT IN ({string.Join(", ", fieldIds)})";
        await ExecuteAsync($"DELETE FROM TemplateFields WHERE TemplateId = @template AND {NotKept("FieldId")}", ("@template", templateId));
        await ExecuteAsync($"DELETE FROM TemplateFieldSettings WHERE TemplateId = @template AND {NotKept("FieldId")}", ("@template", templateId));
        await ExecuteAsync($"UPDATE TemplateFields SET ParentFieldId = NULL, DynamicValuesJson = NULL WHERE TemplateId = @template AND {NotKept("ParentFieldId")}",
            ("@template", templateId));
        for (var i = 0; i < fieldIds.Count; i++)
        {
            await ExecuteAsync("""
                INSERT INTO TemplateFields (TemplateId, FieldId, Position) VALUES (@template, @field, @position)
                ON CONFLICT (TemplateId, FieldId) DO UPDATE SET Position = excluded.Position
                """, ("@template", templateId), ("@field", fieldIds[i]), ("@position", i));
        }
    }

    private DbCommand Command(string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }
}

/// <summary>The custom-properties bag of a field or template definition: application-defined string pairs.</summary>
public static class PropertyBag
{
    public const int MaxKeyLength = 256;

    /// <summary>The bag after <paramref name="update"/>: set keys written, removed keys deleted (absent ones ignored).</summary>
    public static Dictionary<string, string> Apply(IReadOnlyDictionary<string, string> current, PropertiesUpdate update)
    {
        var bag = new Dictionary<string, string>(current, StringComparer.Ordinal);
        var set = Check(update.Set);
        var remove = update.Remove ?? [];
        foreach (var key in remove)
        {
            if (string.IsNullOrEmpty(key))
            {
                throw new ApiProblemException(ProblemCatalog.InvalidProperties, "remove names an empty key.");
            }
            if (set.ContainsKey(key))
            {
                throw new ApiProblemException(ProblemCatalog.InvalidProperties, $"The key '{key}' is both in set and in remove.");
            }
            bag.Remove(key);
        }
        foreach (var (key, value) in set)
        {
            bag[key] = value;
        }
        return bag;
    }

    /// <summary>Checks the keys and values of a bag to write.</summary>
    public static Dictionary<string, string> Check(IReadOnlyDictionary<string, string?>? properties)
    {
        var bag = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in properties ?? new Dictionary<string, string?>())
        {
            if (key.Length == 0)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidProperties, "A property key is empty.");
            }
            if (key.Length > MaxKeyLength)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidProperties, $"The property key '{key[..40]}…' is {key.Length} characters long; at most {MaxKeyLength} are allowed.");
            }
            bag[key] = value ?? throw new ApiProblemException(ProblemCatalog.InvalidProperties, $"The property '{key}' has no value; use remove to delete it.");
        }
        return bag;
    }

    public static string ToJson(IReadOnlyDictionary<string, string> bag) => JsonSerializer.Serialize(bag);
}
