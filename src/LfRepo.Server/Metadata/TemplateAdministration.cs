using LfRepo.Server.Entries;
using LfRepo.Server.Problems;
using LfRepo.Server.Security;
using LfRepo.Server.Storage;

namespace LfRepo.Server.Metadata;

/// <summary>
/// Creating, changing and deleting template definitions and the fields they hold. Each call is one
/// <see cref="DefinitionWriter"/> transaction: everything is checked before anything is written.
/// </summary>
public sealed class TemplateAdministration(DefinitionWriter writer, MetadataCatalog catalog, StoreConnection store, DefinitionAccess access)
{
    public TemplateDefinition Get(int templateId) =>
        catalog.FindTemplate(templateId) ?? throw new ApiProblemException(ProblemCatalog.TemplateNotFound, $"Template definition {templateId} does not exist.");

    /// <summary>Creates the template with its initial fields; unlike the real server's, a bad field leaves no template behind.</summary>
    public async Task<TemplateDefinition> CreateAsync(CreateTemplateRequest request, CancellationToken cancellationToken)
    {
        var id = await writer.WriteAsync(async change =>
        {
            var name = Name(request.Name);
            RequireFreeName(name, exceptId: null);
            var assignments = request.Fields ?? [];
            var fields = new List<(FieldDefinition Field, TemplateFieldAssignment Assignment)>();
            foreach (var assignment in assignments)
            {
                var field = FieldNamed(assignment?.FieldName);
                if (fields.Any(f => f.Field.Id == field.Id))
                {
                    throw new ApiProblemException(ProblemCatalog.InvalidTemplateField, $"fields names '{field.Name}' more than once.");
                }
                fields.Add((field, assignment!));
            }
            var templateId = (int)await change.ScalarAsync(
                "INSERT INTO TemplateDefinitions (Name, NameKey, Description) VALUES (@name, @key, @description) RETURNING Id",
                ("@name", name), ("@key", EntryNames.Key(name)), ("@description", request.Description ?? ""));
            await change.SaveSettingsAsync(new TemplateDefinitionSettingsRecord
            {
                TemplateId = templateId, Color = Argb(request.Color), IsAutoAssignable = request.IsAutoAssignable ?? false,
            });
            await change.SetTemplateFieldsAsync(templateId, [.. fields.Select(f => f.Field.Id)]);
            foreach (var (field, assignment) in fields)
            {
                await SaveFieldSettingsAsync(change, templateId, field.Id, assignment.IsRequired, assignment.LocalDescription);
            }
            await change.ExecuteAsync(DefinitionAccess.TakeDefaultAclSql, DefinitionAccess.TakeDefaultAclParameters(DefinitionAclKind.Template, templateId));
            return templateId;
        }, cancellationToken);
        await access.LoadAsync(cancellationToken);
        return Get(id);
    }

    /// <summary>Partial update: null leaves a member; a rename reaches every entry that has the template.</summary>
    public async Task<TemplateDefinition> UpdateAsync(int templateId, UpdateTemplateRequest request, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(async change =>
        {
            var template = Get(templateId);
            if (request.Color is not null && request.ClearColor == true)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidRequest, "color and clearColor=true contradict each other; send one of them.");
            }
            var name = template.Name;
            if (request.Name is not null)
            {
                name = Name(request.Name);
                RequireFreeName(name, exceptId: templateId);
            }
            await change.ExecuteAsync("UPDATE TemplateDefinitions SET Name = @name, NameKey = @key, Description = @description WHERE Id = @id",
                ("@name", name), ("@key", EntryNames.Key(name)), ("@description", request.Description ?? template.Record.Description), ("@id", templateId));
            if (name != template.Name)
            {
                await change.ExecuteAsync("UPDATE Entries SET TemplateName = @name WHERE TemplateId = @id", ("@name", name), ("@id", templateId));
            }
            await change.SaveSettingsAsync(new TemplateDefinitionSettingsRecord
            {
                TemplateId = templateId,
                Color = request.ClearColor == true ? null : request.Color is not null ? Argb(request.Color) : template.Settings.Color,
                IsAutoAssignable = request.IsAutoAssignable ?? template.Settings.IsAutoAssignable,
                PropertiesJson = template.Settings.PropertiesJson,
            });
            return 0;
        }, cancellationToken);
        return Get(templateId);
    }

    /// <summary>Deletes a template no entry has; while entries have it, 409 (as the real server refuses).</summary>
    public Task DeleteAsync(int templateId, CancellationToken cancellationToken) => writer.WriteAsync(async change =>
    {
        var template = Get(templateId);
        var assigned = await change.ScalarAsync("SELECT COUNT(*) FROM Entries WHERE TemplateId = @id", ("@id", templateId));
        if (assigned > 0)
        {
            throw new ApiProblemException(ProblemCatalog.TemplateInUse,
                $"The template '{template.Name}' is assigned to {assigned} entries; remove it from them (RemoveTemplate) before deleting it.");
        }
        await change.ExecuteAsync("DELETE FROM TemplateFieldSettings WHERE TemplateId = @id", ("@id", templateId));
        await change.ExecuteAsync("DELETE FROM TemplateFields WHERE TemplateId = @id", ("@id", templateId));
        await change.ExecuteAsync("DELETE FROM TemplateDefinitionSettings WHERE TemplateId = @id", ("@id", templateId));
        await change.ExecuteAsync("DELETE FROM TemplateDefinitions WHERE Id = @id", ("@id", templateId));
        return 0;
    }, cancellationToken);

    public Task AddFieldAsync(int templateId, AddTemplateFieldRequest request, CancellationToken cancellationToken) => writer.WriteAsync(async change =>
    {
        var template = Get(templateId);
        var field = FieldNamed(request.FieldName);
        if (template.Find(field.Id) is not null)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidTemplateField, $"The field '{field.Name}' is already part of template '{template.Name}'.");
        }
        var ids = template.Fields.Select(f => f.Field.Id).ToList();
        var position = request.Position ?? ids.Count + 1;
        if (position < 1 || position > ids.Count + 1)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidTemplateField,
                $"position must be between 1 and {ids.Count + 1} (the template has {ids.Count} fields); {position} was given.");
        }
        ids.Insert(position - 1, field.Id);
        await change.SetTemplateFieldsAsync(templateId, ids);
        await SaveFieldSettingsAsync(change, templateId, field.Id, request.IsRequired, request.LocalDescription);
        return 0;
    }, cancellationToken);

    public Task MoveFieldAsync(int templateId, MoveTemplateFieldRequest request, CancellationToken cancellationToken) => writer.WriteAsync(async change =>
    {
        var template = Get(templateId);
        var field = FieldOf(template, request.FieldName);
        var ids = template.Fields.Select(f => f.Field.Id).ToList();
        var position = request.NewPosition ?? throw new ApiProblemException(ProblemCatalog.InvalidTemplateField, "newPosition is required.");
        if (position < 1 || position > ids.Count)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidTemplateField,
                $"newPosition must be between 1 and {ids.Count} (the template's field count); {position} was given.");
        }
        ids.Remove(field.Field.Id);
        ids.Insert(position - 1, field.Field.Id);
        await change.SetTemplateFieldsAsync(templateId, ids);
        return 0;
    }, cancellationToken);

    /// <summary>Takes the field off the template; entries keep their values of it (as independent fields).</summary>
    public Task RemoveFieldAsync(int templateId, string fieldName, CancellationToken cancellationToken) => writer.WriteAsync(async change =>
    {
        var template = Get(templateId);
        var field = FieldOf(template, fieldName);
        await change.SetTemplateFieldsAsync(templateId, [.. template.Fields.Where(f => f != field).Select(f => f.Field.Id)]);
        return 0;
    }, cancellationToken);

    public Task UpdateFieldPropertiesAsync(int templateId, string fieldName, UpdateTemplateFieldPropertiesRequest request, CancellationToken cancellationToken) =>
        writer.WriteAsync(async change =>
        {
            var template = Get(templateId);
            var field = FieldOf(template, fieldName);
            await SaveFieldSettingsAsync(change, templateId, field.Field.Id, request.IsRequired, request.LocalDescription);
            return 0;
        }, cancellationToken);

    public async Task<TemplateDefinition> UpdatePropertiesAsync(int templateId, PropertiesUpdate update, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(async change =>
        {
            var template = Get(templateId);
            var bag = PropertyBag.Apply(template.Properties, update);
            await change.SaveSettingsAsync(new TemplateDefinitionSettingsRecord
            {
                TemplateId = templateId, Color = template.Settings.Color, IsAutoAssignable = template.Settings.IsAutoAssignable,
                PropertiesJson = PropertyBag.ToJson(bag),
            });
            return 0;
        }, cancellationToken);
        return Get(templateId);
    }

    /// <summary>How many entries have the template.</summary>
    public async Task<int> AssignedEntryCountAsync(int templateId, CancellationToken cancellationToken)
    {
        Get(templateId);
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM Entries WHERE TemplateId = @id";
        command.AddWithValue("@id", templateId);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken));
    }

    /// <summary>Writes what a request gives of a field's per-template properties; null leaves one, "" clears the description.</summary>
    private static Task SaveFieldSettingsAsync(DefinitionChange change, int templateId, int fieldId, bool? isRequired, string? localDescription) =>
        isRequired is null && localDescription is null ? Task.CompletedTask : change.ExecuteAsync("""
            INSERT INTO TemplateFieldSettings (TemplateId, FieldId, IsRequired, LocalDescription) VALUES (@template, @field, @required, NULLIF(@description, ''))
            ON CONFLICT (TemplateId, FieldId) DO UPDATE SET
                IsRequired = COALESCE(excluded.IsRequired, TemplateFieldSettings.IsRequired),
                LocalDescription = CASE WHEN @description IS NULL THEN TemplateFieldSettings.LocalDescription ELSE NULLIF(@description, '') END
            """, ("@template", templateId), ("@field", fieldId), ("@required", isRequired), ("@description", localDescription));

    private static string Name(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, "name is required and must not be blank.");
        }
        if (name.Length > FieldRules.MaxNameLength || name != name.Trim())
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest,
                $"name '{name}' must be at most {FieldRules.MaxNameLength} characters, without leading or trailing spaces.");
        }
        return name;
    }

    private void RequireFreeName(string name, int? exceptId)
    {
        if (catalog.FindTemplate(name) is { } existing && existing.Id != exceptId)
        {
            throw new ApiProblemException(ProblemCatalog.TemplateNameConflict, $"A template named '{existing.Name}' already exists (id {existing.Id}); template names are unique ignoring case.");
        }
    }

    private FieldDefinition FieldNamed(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidTemplateField, "fieldName is required.");
        }
        return catalog.FindField(name) ?? throw new ApiProblemException(ProblemCatalog.UnknownField, $"The field '{name}' does not exist.");
    }

    private TemplateField FieldOf(TemplateDefinition template, string? name)
    {
        var field = FieldNamed(name);
        return template.Find(field.Id)
            ?? throw new ApiProblemException(ProblemCatalog.InvalidTemplateField, $"The field '{field.Name}' is not part of template '{template.Name}'.");
    }

    private static long? Argb(LFColor? color) => color is null ? null : new TemplateColor(color.A, color.R, color.G, color.B).ToArgb();
}
