using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LfRepo.Server.Storage.Migrations
{
    /// <inheritdoc />
    public partial class DocumentVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DocumentVersions",
                columns: table => new
                {
                    EntryId = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedTicks = table.Column<long>(type: "INTEGER", nullable: false),
                    Comment = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DocumentVersions", x => new { x.EntryId, x.Version });
                });

            // Documents already under version control get a row for each version they count (maker and time unknown).
            migrationBuilder.Sql("""
                WITH RECURSIVE n(EntryId, Version, Last) AS (
                    SELECT EntryId, 1, CurrentVersion FROM DocumentStates WHERE CurrentVersion >= 1
                    UNION ALL SELECT EntryId, Version + 1, Last FROM n WHERE Version < Last)
                INSERT INTO DocumentVersions (EntryId, Version, CreatedBy, CreatedTicks, Comment) SELECT EntryId, Version, '', 0, NULL FROM n;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DocumentVersions");
        }
    }
}
