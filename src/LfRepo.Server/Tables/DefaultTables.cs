using System.Globalization;

namespace LfRepo.Server.Tables;

/// <summary>
/// The tables served when no seed file is given: a few hundred product rows with a column of every type, and a
/// small READONLY table, generated deterministically so every start serves the same data.
/// </summary>
public static class DefaultTables
{
    public const int ProductCount = 300;

    private static readonly string[] Categories = ["Hardware", "Software", "Services", "Supplies", "Training"];
    private static readonly string[] Adjectives = ["Basic", "Standard", "Premium", "Compact", "Deluxe", "Portable"];
    private static readonly string[] Nouns = ["Scanner", "Printer", "Cabinet", "License", "Binder", "Workshop", "Folder", "Stapler"];

    public static TableSeed Seed => new()
    {
        Tables =
        [
            new TableDefinition
            {
                Name = "Products",
                Description = "Sample products with a column of every type.",
                Columns =
                [
                    new TableColumn { Name = "Sku", Type = ColumnType.Text, MaximumTextLength = 16 },
                    new TableColumn { Name = "Name", Type = ColumnType.Text, MaximumTextLength = 100 },
                    new TableColumn { Name = "Category", Type = ColumnType.Text, MaximumTextLength = 40 },
                    new TableColumn { Name = "Price", Type = ColumnType.Numeric },
                    new TableColumn { Name = "Quantity", Type = ColumnType.Integer },
                    new TableColumn { Name = "InStock", Type = ColumnType.Boolean },
                    new TableColumn { Name = "ReleasedOn", Type = ColumnType.DateTime },
                    new TableColumn { Name = "UpdatedAt", Type = ColumnType.Timestamp },
                    new TableColumn { Name = "Attributes", Type = ColumnType.Json },
                ],
                Generator = Products,
            },
            new TableDefinition
            {
                Name = "Regions",
                Description = "Sales regions; read-only.",
                Tags = [TableDefinition.ReadOnlyTag],
                Columns =
                [
                    new TableColumn { Name = "Code", Type = ColumnType.Text, MaximumTextLength = 4 },
                    new TableColumn { Name = "Name", Type = ColumnType.Text, MaximumTextLength = 60 },
                    new TableColumn { Name = "Offices", Type = ColumnType.Integer },
                ],
                Generator = Regions,
            },
        ],
    };

    private static IEnumerable<string?[]> Products()
    {
        var epoch = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 1; i <= ProductCount; i++)
        {
            var category = Categories[i % Categories.Length];
            var name = $"{Adjectives[i % Adjectives.Length]} {Nouns[i * 7 % Nouns.Length]} {i}";
            var price = ((i * 37 % 1000) + 0.99).ToString("0.00", CultureInfo.InvariantCulture);
            var quantity = (i * 13 % 250).ToString(CultureInfo.InvariantCulture);
            var inStock = i % 4 != 0 ? "true" : "false";
            var released = TableValues.FormatDate(epoch.AddDays(i * 5));
            var updated = TableValues.FormatDate(epoch.AddDays(i * 5 + 30).AddMinutes(i * 17));
            var attributes = $"{{\"color\":\"{(i % 3 == 0 ? "black" : "white")}\",\"weight\":{i % 9 + 1}}}";
            yield return [$"SKU-{i:D5}", name, category, price, i % 10 == 0 ? null : quantity, inStock, released, updated, attributes];
        }
    }

    private static IEnumerable<string?[]> Regions()
    {
        yield return ["NA", "North America", "12"];
        yield return ["SA", "South America", "4"];
        yield return ["EU", "Europe", "9"];
        yield return ["AF", "Africa", "3"];
        yield return ["AS", "Asia", "7"];
        yield return ["OC", "Oceania", "2"];
    }
}
