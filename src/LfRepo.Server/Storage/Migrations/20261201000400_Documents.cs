using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LfRepo.Server.Storage.Migrations
{
    /// <summary>Document content: the content store's blobs and the edocs and pages referencing them (schema version 4).</summary>
    [DbContext(typeof(LfRepoDbContext))]
    [Migration("20261201000400_Documents")]
    public partial class Documents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Contents",
                columns: table => new
                {
                    Sha256 = table.Column<string>(type: "TEXT", nullable: false),
                    Length = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Contents", x => x.Sha256);
                });

            migrationBuilder.CreateTable(
                name: "Edocs",
                columns: table => new
                {
                    EntryId = table.Column<int>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Edocs", x => x.EntryId);
                });

            migrationBuilder.CreateTable(
                name: "Pages",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EntryId = table.Column<int>(type: "INTEGER", nullable: false),
                    PageNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    ImageSha256 = table.Column<string>(type: "TEXT", nullable: true),
                    ImageFormat = table.Column<string>(type: "TEXT", nullable: false),
                    ImageFrame = table.Column<int>(type: "INTEGER", nullable: false),
                    Width = table.Column<int>(type: "INTEGER", nullable: false),
                    Height = table.Column<int>(type: "INTEGER", nullable: false),
                    TextSha256 = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Pages", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Edocs_Sha256",
                table: "Edocs",
                column: "Sha256");

            migrationBuilder.CreateIndex(
                name: "IX_Pages_EntryId_PageNumber",
                table: "Pages",
                columns: new[] { "EntryId", "PageNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_Pages_ImageSha256",
                table: "Pages",
                column: "ImageSha256");

            migrationBuilder.CreateIndex(
                name: "IX_Pages_TextSha256",
                table: "Pages",
                column: "TextSha256");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Contents");

            migrationBuilder.DropTable(
                name: "Edocs");

            migrationBuilder.DropTable(
                name: "Pages");
        }
    }
}
