using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Validation;

namespace LfRepo.Server.Tables;

/// <summary>
/// The lookup tables this server serves and the EDM model built from them: one entity type and entity set per
/// table, keyed by <c>_key</c>. The model drives the OData parser, the service document and <c>$metadata</c>.
/// </summary>
public sealed partial class TableCatalog
{
    public const string Namespace = "LfRepo.Tables";

    private readonly Dictionary<string, TableDefinition> _byName;

    public TableCatalog(IReadOnlyList<TableDefinition> tables, string? seedDirectory)
    {
        Validate(tables);
        Tables = tables;
        SeedDirectory = seedDirectory;
        _byName = tables.ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);
        Model = BuildModel(tables);
    }

    public IReadOnlyList<TableDefinition> Tables { get; }

    /// <summary>Folder CSV paths of the seed file are relative to; null for the built-in seed.</summary>
    public string? SeedDirectory { get; }

    public IEdmModel Model { get; }

    public TableDefinition? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>A table by its preview id, or by its name.</summary>
    public TableDefinition? FindById(string id) =>
        Guid.TryParse(id, out var guid) ? Tables.FirstOrDefault(t => t.Id == guid) : Find(id);

    public IEdmEntitySet EntitySet(TableDefinition table) => Model.EntityContainer.FindEntitySet(table.Name);

    /// <summary>Loads the seed file, or the built-in tables when there is none. A bad file stops start-up with the reason.</summary>
    public static TableCatalog Load(string? seedFile)
    {
        if (string.IsNullOrWhiteSpace(seedFile))
        {
            return new TableCatalog(DefaultTables.Seed.Tables, null);
        }
        var path = Path.GetFullPath(seedFile);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The tables seed file '{path}' does not exist.");
        }
        TableSeed? seed;
        try
        {
            seed = JsonSerializer.Deserialize(File.ReadAllText(path), TableSeedJson.Default.TableSeed);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"The tables seed file '{path}' is not valid: {ex.Message}", ex);
        }
        return new TableCatalog(seed?.Tables ?? [], Path.GetDirectoryName(path));
    }

    /// <summary>The longest table or column name: PostgreSQL keeps 63 bytes of a name, and tables are stored as <c>t_</c> and the name.</summary>
    private const int MaxNameLength = 60;

    private static void Validate(IReadOnlyList<TableDefinition> tables)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var table in tables)
        {
            if (!Identifier().IsMatch(table.Name ?? ""))
            {
                throw new InvalidOperationException($"Table name '{table.Name}' must start with a letter and hold only letters, digits and underscores.");
            }
            if (table.Name!.Length > MaxNameLength)
            {
                throw new InvalidOperationException($"Table name '{table.Name}' has {table.Name.Length} characters; the most is {MaxNameLength}.");
            }
            if (!names.Add(table.Name!))
            {
                throw new InvalidOperationException($"Table '{table.Name}' is declared twice.");
            }
            // rowid and oid would hide SQLite's row id, which ordering and paging rely on.
            var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { TableDefinition.KeyColumn, "rowid", "oid" };
            foreach (var column in table.Columns)
            {
                if (!Identifier().IsMatch(column.Name ?? ""))
                {
                    throw new InvalidOperationException($"Column '{column.Name}' of table '{table.Name}' must start with a letter and hold only letters, digits and underscores.");
                }
                if (column.Name!.Length > MaxNameLength)
                {
                    throw new InvalidOperationException($"Column '{column.Name}' of table '{table.Name}' has {column.Name.Length} characters; the most is {MaxNameLength}.");
                }
                if (!columns.Add(column.Name!))
                {
                    throw new InvalidOperationException($"Column '{column.Name}' of table '{table.Name}' is declared twice or is reserved (_key, rowid, oid).");
                }
                if (column.MaximumTextLength is < 1 || (column.MaximumTextLength is not null && column.Type != ColumnType.Text))
                {
                    throw new InvalidOperationException($"Column '{column.Name}' of table '{table.Name}': maximumTextLength must be positive and only applies to Text columns.");
                }
            }
        }
    }

    private static IEdmModel BuildModel(IReadOnlyList<TableDefinition> tables)
    {
        var model = new EdmModel();
        var container = new EdmEntityContainer(Namespace, "Container");
        model.AddElement(container);
        foreach (var table in tables)
        {
            var type = new EdmEntityType(Namespace, table.Name);
            type.AddKeys(type.AddStructuralProperty(TableDefinition.KeyColumn, EdmPrimitiveTypeKind.String, isNullable: false));
            foreach (var column in table.Columns)
            {
                type.AddStructuralProperty(column.Name, EdmType(column));
            }
            model.AddElement(type);
            container.AddEntitySet(table.Name, type);
        }

        // $metadata is written by the library on each request; refuse a model it could not write at start-up.
        if (!model.Validate(out var errors))
        {
            throw new InvalidOperationException("The tables' EDM model is not valid: " + string.Join("; ", errors.Select(e => e.ErrorMessage)));
        }
        return model;
    }

    public static IEdmPrimitiveTypeReference EdmType(TableColumn column) => column.Type switch
    {
        ColumnType.Text => EdmCoreModel.Instance.GetString(column.MaximumTextLength is null, column.MaximumTextLength, true, true),
        ColumnType.Integer => EdmCoreModel.Instance.GetInt64(true),
        ColumnType.Numeric => EdmCoreModel.Instance.GetDecimal(true),
        ColumnType.Boolean => EdmCoreModel.Instance.GetBoolean(true),
        ColumnType.DateTime or ColumnType.Timestamp => EdmCoreModel.Instance.GetDateTimeOffset(true),
        _ => EdmCoreModel.Instance.GetString(true),
    };

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[System.Text.Json.Serialization.JsonSerializable(typeof(TableSeed))]
internal sealed partial class TableSeedJson : System.Text.Json.Serialization.JsonSerializerContext;
