using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LfRepo.Server.Storage.Migrations
{
    /// <inheritdoc />
    public partial class AnnotationSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Color",
                table: "Annotations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "StampId",
                table: "Annotations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Text",
                table: "Annotations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SearchTextPages",
                columns: table => new
                {
                    PageId = table.Column<int>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SearchTextPages", x => x.PageId);
                    table.ForeignKey(
                        name: "FK_SearchTextPages_Pages_PageId",
                        column: x => x.PageId,
                        principalTable: "Pages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SearchTextPages_Sha256",
                table: "SearchTextPages",
                column: "Sha256");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SearchTextPages");

            migrationBuilder.DropColumn(
                name: "Color",
                table: "Annotations");

            migrationBuilder.DropColumn(
                name: "StampId",
                table: "Annotations");

            migrationBuilder.DropColumn(
                name: "Text",
                table: "Annotations");
        }
    }
}
