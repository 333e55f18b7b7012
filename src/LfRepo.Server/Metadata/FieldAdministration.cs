using LfRepo.Server.Problems;
using LfRepo.Server.Security;
using LfRepo.Server.Storage;

namespace LfRepo.Server.Metadata;

/// <summary>
/// Creating, changing and deleting field definitions, their list values and custom properties. Each call is one
/// <see cref="DefinitionWriter"/> transaction: everything is checked before anything is written.
/// </summary>
public sealed class FieldAdministration(DefinitionWriter writer, MetadataCatalog catalog, StoreConnection store, DefinitionAccess access)
{
    public FieldDefinition Get(int fieldId) =>
        catalog.FindField(fieldId) ?? throw new ApiProblemException(ProblemCatalog.FieldDefinitionNotFound, $"Field definition {fieldId} does not exist.");

    public async Task<FieldDefinition> CreateAsync(CreateFieldDefinitionRequest request, CancellationToken cancellationToken)
    {
        var id = await writer.WriteAsync(async change =>
        {
            var name = FieldRules.Name(request.Name, "name");
            RequireFreeName(name, exceptId: null);
            var type = request.FieldType ?? throw new ApiProblemException(ProblemCatalog.InvalidFieldDefinition, "fieldType is required.");
            var length = FieldRules.Length(type, request.Length);
            var record = new FieldDefinitionRecord
            {
                Name = name, NameKey = "", FieldType = type, Length = length, Description = request.Description ?? "",
                DefaultValue = request.DefaultValue ?? "", IsMultiValue = request.IsMultiValue ?? false, IsRequired = request.IsRequired ?? false,
                Constraint = request.Constraint ?? "", ConstraintError = request.ConstraintError ?? "", Format = request.Format ?? FieldFormat.None,
                FormatPattern = request.FormatPattern ?? "", Currency = request.Currency ?? "",
            };
            var settings = new FieldDefinitionSettingsRecord
            {
                IsIndexed = request.IsIndexed ?? false, IsIndexedForReporting = request.IsIndexedForReporting ?? false,
                WarnIfBlank = request.WarnIfBlank ?? false, HideListValues = request.HideListValues ?? false, AutoExtract = request.AutoExtract ?? false,
                PropertiesJson = PropertyBag.ToJson(PropertyBag.Check(request.Properties)),
            };
            FieldRules.Check(record, FieldRules.ListValues(type, length, request.ListValues), settings);
            var fieldId = await InsertAsync(change, record, settings);
            await change.ExecuteAsync(DefinitionAccess.TakeDefaultAclSql, DefinitionAccess.TakeDefaultAclParameters(DefinitionAclKind.Field, fieldId));
            return fieldId;
        }, cancellationToken);
        await access.LoadAsync(cancellationToken);
        return Get(id);
    }

    /// <summary>Partial update: null leaves a member, "" clears a string; a change existing values cannot take is refused.</summary>
    public async Task<FieldDefinition> UpdateAsync(int fieldId, UpdateFieldDefinitionRequest request, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(async change =>
        {
            var field = Get(fieldId);
            var old = field.Record;
            var record = Copy(old);
            if (request.Name is not null)
            {
                record.Name = FieldRules.Name(request.Name, "name");
                RequireFreeName(record.Name, exceptId: fieldId);
            }
            if (request.Length is not null)
            {
                record.Length = FieldRules.Length(old.FieldType, request.Length);
            }
            record.Description = request.Description ?? old.Description;
            record.DefaultValue = request.DefaultValue ?? old.DefaultValue;
            record.Format = request.Format ?? old.Format;
            record.FormatPattern = request.FormatPattern ?? old.FormatPattern;
            record.Currency = request.Currency ?? old.Currency;
            record.Constraint = request.Constraint ?? old.Constraint;
            record.ConstraintError = request.ConstraintError ?? old.ConstraintError;
            record.IsMultiValue = request.IsMultiValue ?? old.IsMultiValue;
            record.IsRequired = request.IsRequired ?? old.IsRequired;
            var settings = new FieldDefinitionSettingsRecord
            {
                FieldId = fieldId, IsIndexed = request.IsIndexed ?? field.Settings.IsIndexed,
                IsIndexedForReporting = request.IsIndexedForReporting ?? field.Settings.IsIndexedForReporting,
                WarnIfBlank = request.WarnIfBlank ?? field.Settings.WarnIfBlank, HideListValues = request.HideListValues ?? field.Settings.HideListValues,
                AutoExtract = request.AutoExtract ?? field.Settings.AutoExtract, PropertiesJson = field.Settings.PropertiesJson,
            };
            FieldRules.ListValues(record.FieldType, record.Length, field.ListValues);
            FieldRules.Check(record, field.ListValues, settings);
            await RequireValuesFitAsync(change, field, record);
            await SaveAsync(change, record);
            await change.SaveSettingsAsync(settings);
            return 0;
        }, cancellationToken);
        return Get(fieldId);
    }

    /// <summary>Deletes the field: it leaves every template, and its values leave every entry.</summary>
    public Task DeleteAsync(int fieldId, CancellationToken cancellationToken) => writer.WriteAsync(async change =>
    {
        Get(fieldId);
        await change.ExecuteAsync("DELETE FROM EntryFields WHERE FieldId = @field", ("@field", fieldId));
        await change.ExecuteAsync("DELETE FROM TemplateFields WHERE FieldId = @field", ("@field", fieldId));
        await change.ExecuteAsync("DELETE FROM TemplateFieldSettings WHERE FieldId = @field", ("@field", fieldId));
        await change.ExecuteAsync("UPDATE TemplateFields SET ParentFieldId = NULL, DynamicValuesJson = NULL WHERE ParentFieldId = @field", ("@field", fieldId));
        await change.ExecuteAsync("DELETE FROM FieldDefinitionSettings WHERE FieldId = @field", ("@field", fieldId));
        await change.ExecuteAsync("DELETE FROM FieldDefinitions WHERE Id = @field", ("@field", fieldId));
        return 0;
    }, cancellationToken);

    /// <summary>Replaces a List field's items; values entries already hold stay as they are.</summary>
    public async Task<FieldDefinition> ReplaceListValuesAsync(int fieldId, IReadOnlyList<string?>? values, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(async change =>
        {
            var field = Get(fieldId);
            if (field.FieldType != FieldType.List)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidFieldDefinition, $"The field '{field.Name}' is a {field.FieldType} field; only List fields have list values.");
            }
            if (values is null)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidRequest, "values is required; send an empty array to clear the list.");
            }
            var list = FieldRules.ListValues(FieldType.List, field.Record.Length, values);
            var record = Copy(field.Record);
            if (record.DefaultValue.Length > 0 && !list.Contains(record.DefaultValue, StringComparer.OrdinalIgnoreCase))
            {
                throw new ApiProblemException(ProblemCatalog.InvalidFieldDefinition,
                    $"The default value '{record.DefaultValue}' of '{field.Name}' is not in the new list; change the default first.");
            }
            FieldRules.Check(record, list, field.Settings);
            await SaveAsync(change, record);
            return 0;
        }, cancellationToken);
        return Get(fieldId);
    }

    public async Task<FieldDefinition> UpdatePropertiesAsync(int fieldId, PropertiesUpdate update, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(async change =>
        {
            var field = Get(fieldId);
            var bag = PropertyBag.Apply(field.Properties, update);
            await change.SaveSettingsAsync(new FieldDefinitionSettingsRecord
            {
                FieldId = fieldId, IsIndexed = field.Settings.IsIndexed, IsIndexedForReporting = field.Settings.IsIndexedForReporting,
                WarnIfBlank = field.Settings.WarnIfBlank, HideListValues = field.Settings.HideListValues, AutoExtract = field.Settings.AutoExtract,
                PropertiesJson = PropertyBag.ToJson(bag),
            });
            return 0;
        }, cancellationToken);
        return Get(fieldId);
    }

    /// <summary>How many entries hold at least one value of the field.</summary>
    public async Task<int> AssignedEntryCountAsync(int fieldId, CancellationToken cancellationToken)
    {
        Get(fieldId);
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(DISTINCT EntryId) FROM EntryFields WHERE FieldId = @field";
        command.AddWithValue("@field", fieldId);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken));
    }

    public IReadOnlyList<TemplateDefinition> ContainingTemplates(int fieldId)
    {
        Get(fieldId);
        return [.. catalog.Templates.Where(t => t.Find(fieldId) is not null)];
    }

    /// <summary>
    /// Merges two or more fields of one type into a new field holding, per entry, the values of the sources. The
    /// sources stay (with their values); with removeFromTemplates the new field takes the first source's place in
    /// every template holding a source, and the sources leave those templates.
    /// </summary>
    public async Task<FieldDefinition> MergeAsync(MergeFieldsRequest request, CancellationToken cancellationToken)
    {
        var id = await writer.WriteAsync(async change =>
        {
            var sourceIds = request.SourceFieldIds ?? [];
            if (sourceIds.Count < 2)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"sourceFieldIds needs at least two fields; {sourceIds.Count} given.");
            }
            if (sourceIds.Distinct().Count() != sourceIds.Count)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidRequest, "sourceFieldIds names a field more than once.");
            }
            var sources = sourceIds.Select(Get).ToList();
            var type = sources[0].FieldType;
            if (sources.FirstOrDefault(s => s.FieldType != type) is { } other)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidRequest,
                    $"Only fields of one type merge: '{sources[0].Name}' is {type}, '{other.Name}' is {other.FieldType}. Change a type first.");
            }
            var strategy = request.OnConflict ?? FieldMergeConflictStrategy.Fail;
            if (strategy == FieldMergeConflictStrategy.UseFirstField && !request.AllowDataLoss)
            {
                throw new ApiProblemException(ProblemCatalog.DataLossExpected,
                    "onConflict UseFirstField discards the values of later fields where an entry has several; send allowDataLoss=true to accept that.");
            }
            var name = FieldRules.Name(request.NewFieldName, "newFieldName");
            if (catalog.FindField(name) is not null)
            {
                name = request.AutoRename ? FreeName(name)
                    : throw new ApiProblemException(ProblemCatalog.FieldNameConflict, $"A field named '{name}' already exists; choose another newFieldName or send autoRename=true.");
            }

            var perSource = new List<SortedDictionary<int, List<string>>>();
            foreach (var source in sources)
            {
                perSource.Add(await change.ReadValuesAsync(source.Id));
            }
            var merged = new SortedDictionary<int, List<string>>();
            var conflicts = new List<int>();
            foreach (var entryId in perSource.SelectMany(v => v.Keys).Distinct().Order())
            {
                var lists = perSource.Select(v => v.GetValueOrDefault(entryId)).OfType<List<string>>().ToList();
                if (lists.All(l => l.SequenceEqual(lists[0])))
                {
                    merged[entryId] = lists[0];
                    continue;
                }
                conflicts.Add(entryId);
                merged[entryId] = strategy == FieldMergeConflictStrategy.MakeMultivalue ? [.. lists.SelectMany(l => l).Distinct(StringComparer.Ordinal)] : lists[0];
            }
            if (conflicts.Count > 0 && strategy == FieldMergeConflictStrategy.Fail)
            {
                throw new ApiProblemException(ProblemCatalog.MergeConflict,
                    $"{conflicts.Count} entries hold different values in the source fields (entry {string.Join(", ", conflicts.Take(5))}{(conflicts.Count > 5 ? ", …" : "")}); " +
                    "choose onConflict MakeMultivalue or UseFirstField.");
            }

            var first = sources[0].Record;
            var record = Copy(first);
            record.Name = name;
            record.Description = "";
            record.Length = sources.Max(s => s.Record.Length);
            record.IsMultiValue = sources.Any(s => s.Record.IsMultiValue) || merged.Values.Any(v => v.Count > 1);
            record.IsRequired = sources.All(s => s.Record.IsRequired);
            if (sources.Any(s => s.Record.Constraint != first.Constraint))
            {
                record.Constraint = "";
                record.ConstraintError = "";
            }
            var listValues = sources.SelectMany(s => s.ListValues).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var settings = new FieldDefinitionSettingsRecord();
            FieldRules.Check(record, listValues, settings);
            var newId = await InsertAsync(change, record, settings);
            await change.ExecuteAsync(DefinitionAccess.TakeDefaultAclSql, DefinitionAccess.TakeDefaultAclParameters(DefinitionAclKind.Field, newId));
            await change.WriteValuesAsync(newId, merged);

            if (request.RemoveFromTemplates)
            {
                var sourceSet = sourceIds.ToHashSet();
                foreach (var template in catalog.Templates.Where(t => t.Fields.Any(f => sourceSet.Contains(f.Field.Id))))
                {
                    var ids = template.Fields.Select(f => f.Field.Id).ToList();
                    ids[ids.FindIndex(sourceSet.Contains)] = newId;
                    await change.ExecuteAsync($"UPDATE TemplateFields SET ParentFieldId = @new WHERE TemplateId = @template AND ParentFieldId IN ({string.Join(", ", sourceIds)})",
                        ("@new", newId), ("@template", template.Id));
                    await change.SetTemplateFieldsAsync(template.Id, [.. ids.Where(i => !sourceSet.Contains(i))]);
                }
            }
            return newId;
        }, cancellationToken);
        await access.LoadAsync(cancellationToken);
        return Get(id);
    }

    /// <summary>
    /// Converts the field to another type. The safe widenings convert every value; any other change drops what the
    /// new type cannot hold, and needs allowDataLoss whenever something (values, list items, constraint, default) may go.
    /// </summary>
    public async Task<FieldDefinition> ChangeTypeAsync(int fieldId, ChangeFieldTypeRequest request, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(async change =>
        {
            var field = Get(fieldId);
            var to = request.NewFieldType ?? throw new ApiProblemException(ProblemCatalog.InvalidRequest, "newFieldType is required.");
            var from = field.FieldType;
            if (to == from)
            {
                return 0;
            }
            var safe = FieldTypeChange.IsSafeWidening(from, to);
            var values = await change.ReadValuesAsync(fieldId);
            var losses = new List<string>();
            if (from == FieldType.List && field.ListValues.Count > 0)
            {
                losses.Add($"its {field.ListValues.Count} list values");
            }
            if (field.Record.Constraint.Length > 0)
            {
                losses.Add("its constraint");
            }
            if (!safe && field.Record.DefaultValue.Length > 0)
            {
                losses.Add("its default value, where the new type cannot hold it");
            }
            if (!safe && values.Count > 0)
            {
                losses.Add($"the values of {values.Count} entries that the new type cannot hold");
            }
            if (losses.Count > 0 && !request.AllowDataLoss)
            {
                throw new ApiProblemException(ProblemCatalog.DataLossExpected,
                    $"Changing '{field.Name}' from {from} to {to} may drop {string.Join(", ", losses)}; send allowDataLoss=true to accept that.");
            }

            var record = Copy(field.Record);
            record.FieldType = to;
            record.Length = FieldRules.HasLength(to) ? (FieldRules.HasLength(from) ? field.Record.Length : FieldRules.DefaultStringLength) : 0;
            record.Constraint = "";
            record.ConstraintError = "";
            record.Format = FieldRules.FormatFits(to, field.Record.Format) ? field.Record.Format : FieldFormat.None;
            if (record.Format == FieldFormat.None)
            {
                record.FormatPattern = "";
                record.Currency = "";
            }
            var listValues = to == FieldType.List && from == FieldType.List ? field.ListValues : [];
            var target = new FieldDefinition(record, listValues, field.Settings, field.Properties);
            record.DefaultValue = FieldTypeChange.Convert(target, field.Record.DefaultValue) ?? "";
            FieldRules.Check(record, listValues, field.Settings);

            var converted = new SortedDictionary<int, List<string>>();
            foreach (var (entryId, entryValues) in values)
            {
                var kept = entryValues.Select(v => FieldTypeChange.Convert(target, v)).OfType<string>().ToList();
                if (kept.Count > 0)
                {
                    converted[entryId] = kept;
                }
            }
            await SaveAsync(change, record);
            await change.WriteValuesAsync(fieldId, converted);
            if (from == FieldType.List)
            {
                // Dynamic field logic picks list items; a field that is no longer a List has none to pick.
                await change.ExecuteAsync("UPDATE TemplateFields SET ParentFieldId = NULL, DynamicValuesJson = NULL WHERE FieldId = @field", ("@field", fieldId));
            }
            return 0;
        }, cancellationToken);
        return Get(fieldId);
    }

    private void RequireFreeName(string name, int? exceptId)
    {
        if (catalog.FindField(name) is { } existing && existing.Id != exceptId)
        {
            throw new ApiProblemException(ProblemCatalog.FieldNameConflict, $"A field named '{existing.Name}' already exists (id {existing.Id}); field names are unique ignoring case.");
        }
    }

    /// <summary>The name with " (2)", " (3)", … appended, the first no field has.</summary>
    private string FreeName(string name)
    {
        for (var n = 2; ; n++)
        {
            var candidate = $"{name} ({n})";
            if (catalog.FindField(candidate) is null)
            {
                return candidate;
            }
        }
    }

    /// <summary>A shorter length or a single value must not cut what entries hold: such a change is refused.</summary>
    private static async Task RequireValuesFitAsync(DefinitionChange change, FieldDefinition field, FieldDefinitionRecord record)
    {
        if (record.Length > 0 && record.Length < field.Record.Length)
        {
            var longer = await change.ScalarAsync("SELECT COUNT(DISTINCT EntryId) FROM EntryFields WHERE FieldId = @field AND length(Value) > @length",
                ("@field", field.Id), ("@length", record.Length));
            if (longer > 0)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidFieldDefinition,
                    $"{longer} entries hold values of '{field.Name}' longer than {record.Length} characters; shorten them before the field.");
            }
        }
        if (field.Record.IsMultiValue && !record.IsMultiValue)
        {
            var several = await change.ScalarAsync("SELECT COUNT(DISTINCT EntryId) FROM EntryFields WHERE FieldId = @field AND Position > 0", ("@field", field.Id));
            if (several > 0)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidFieldDefinition,
                    $"{several} entries hold several values of '{field.Name}'; it cannot become single-valued until they hold one.");
            }
        }
    }

    private static async Task<int> InsertAsync(DefinitionChange change, FieldDefinitionRecord record, FieldDefinitionSettingsRecord settings)
    {
        var id = (int)await change.ScalarAsync("""
            INSERT INTO FieldDefinitions (Name, NameKey, Description, FieldType, Length, DefaultValue, IsMultiValue, IsRequired,
                "constraint", ConstraintError, ListValuesJson, Format, FormatPattern, Currency)
            VALUES (@name, @key, @description, @type, @length, @default, @multi, @required, @constraint, @constraintError, @list, @format, @pattern, @currency)
            RETURNING Id
            """, Parameters(record));
        settings.FieldId = id;
        await change.SaveSettingsAsync(settings);
        return id;
    }

    private static Task SaveAsync(DefinitionChange change, FieldDefinitionRecord record) => change.ExecuteAsync("""
        UPDATE FieldDefinitions SET Name = @name, NameKey = @key, Description = @description, FieldType = @type, Length = @length,
            DefaultValue = @default, IsMultiValue = @multi, IsRequired = @required, "constraint" = @constraint, ConstraintError = @constraintError,
            ListValuesJson = @list, Format = @format, FormatPattern = @pattern, Currency = @currency
        WHERE Id = @id
        """, [.. Parameters(record), ("@id", record.Id)]);

    private static (string, object?)[] Parameters(FieldDefinitionRecord r) =>
    [
        ("@name", r.Name), ("@key", r.NameKey), ("@description", r.Description), ("@type", (int)r.FieldType), ("@length", r.Length),
        ("@default", r.DefaultValue), ("@multi", r.IsMultiValue), ("@required", r.IsRequired), ("@constraint", r.Constraint),
        ("@constraintError", r.ConstraintError), ("@list", r.ListValuesJson), ("@format", (int)r.Format), ("@pattern", r.FormatPattern),
        ("@currency", r.Currency),
    ];

    private static FieldDefinitionRecord Copy(FieldDefinitionRecord r) => new()
    {
        Id = r.Id, Name = r.Name, NameKey = r.NameKey, Description = r.Description, FieldType = r.FieldType, Length = r.Length,
        DefaultValue = r.DefaultValue, IsMultiValue = r.IsMultiValue, IsRequired = r.IsRequired, Constraint = r.Constraint,
        ConstraintError = r.ConstraintError, ListValuesJson = r.ListValuesJson, Format = r.Format, FormatPattern = r.FormatPattern, Currency = r.Currency,
    };
}

/// <summary>How values survive a field type change.</summary>
public static class FieldTypeChange
{
    /// <summary>The conversions the spec names safe: every value of the old type is a value of the new one.</summary>
    public static bool IsSafeWidening(FieldType from, FieldType to) => (from, to) is
        (FieldType.Date, FieldType.DateTime) or (FieldType.ShortInteger, FieldType.LongInteger) or
        (FieldType.ShortInteger, FieldType.Number) or (FieldType.LongInteger, FieldType.Number);

    /// <summary>A stored value in the new type's canonical form, or null when the new type cannot hold it.</summary>
    public static string? Convert(FieldDefinition target, string value)
    {
        if (value.Length == 0)
        {
            return null;
        }
        try
        {
            return FieldValues.Canonicalize(target, [value])[0];
        }
        catch (ApiProblemException)
        {
            return null;
        }
    }
}
