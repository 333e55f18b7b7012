using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LfRepo.Server.Storage.Migrations
{
    /// <summary>The first schema: the entry tree, users, repositories (schema version 1 of the releases before migrations).</summary>
    [DbContext(typeof(LfRepoDbContext))]
    [Migration("20261201000100_EntryTree")]
    public partial class EntryTree : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Entries",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ParentId = table.Column<int>(type: "INTEGER", nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    NameKey = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    FullPath = table.Column<string>(type: "TEXT", nullable: false),
                    EntryType = table.Column<int>(type: "INTEGER", nullable: false),
                    Creator = table.Column<string>(type: "TEXT", nullable: false),
                    CreationTicks = table.Column<long>(type: "INTEGER", nullable: false),
                    LastModifiedTicks = table.Column<long>(type: "INTEGER", nullable: false),
                    VolumeName = table.Column<string>(type: "TEXT", nullable: false),
                    TemplateId = table.Column<int>(type: "INTEGER", nullable: false),
                    TemplateName = table.Column<string>(type: "TEXT", nullable: false),
                    TargetId = table.Column<int>(type: "INTEGER", nullable: true),
                    TargetType = table.Column<int>(type: "INTEGER", nullable: true),
                    Extension = table.Column<string>(type: "TEXT", nullable: false),
                    MimeType = table.Column<string>(type: "TEXT", nullable: false),
                    ElectronicDocumentSize = table.Column<long>(type: "INTEGER", nullable: false),
                    IsElectronicDocument = table.Column<bool>(type: "INTEGER", nullable: false),
                    PageCount = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Entries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Repositories",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Repositories", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SchemaInfo",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SchemaInfo", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Users",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserName = table.Column<string>(type: "TEXT", nullable: false),
                    PasswordHash = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Users", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Entries_ParentId_CreationTicks_Id",
                table: "Entries",
                columns: new[] { "ParentId", "CreationTicks", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Entries_ParentId_EntryType_NameKey_Id",
                table: "Entries",
                columns: new[] { "ParentId", "EntryType", "NameKey", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Entries_ParentId_LastModifiedTicks_Id",
                table: "Entries",
                columns: new[] { "ParentId", "LastModifiedTicks", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Entries_ParentId_NameKey",
                table: "Entries",
                columns: new[] { "ParentId", "NameKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Entries_TargetId",
                table: "Entries",
                column: "TargetId");

            migrationBuilder.CreateIndex(
                name: "IX_Users_UserName",
                table: "Users",
                column: "UserName",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Entries");

            migrationBuilder.DropTable(
                name: "Repositories");

            migrationBuilder.DropTable(
                name: "SchemaInfo");

            migrationBuilder.DropTable(
                name: "Users");
        }
    }
}
