using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LfRepo.Server.Storage.Migrations
{
    /// <inheritdoc />
    public partial class MetadataAdministrationAndSecurity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "EntryId",
                table: "DownloadLinks",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "UserName",
                table: "DownloadLinks",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "DefinitionAces",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    DefinitionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    TrusteeSid = table.Column<string>(type: "TEXT", nullable: false),
                    IsDeny = table.Column<bool>(type: "INTEGER", nullable: false),
                    Rights = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DefinitionAces", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "EntryAces",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EntryId = table.Column<int>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    TrusteeSid = table.Column<string>(type: "TEXT", nullable: false),
                    IsDeny = table.Column<bool>(type: "INTEGER", nullable: false),
                    Rights = table.Column<int>(type: "INTEGER", nullable: false),
                    Scope = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EntryAces", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "EntryInheritance",
                columns: table => new
                {
                    EntryId = table.Column<int>(type: "INTEGER", nullable: false),
                    InheritParents = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EntryInheritance", x => x.EntryId);
                });

            migrationBuilder.CreateTable(
                name: "FieldDefinitionSettings",
                columns: table => new
                {
                    FieldId = table.Column<int>(type: "INTEGER", nullable: false),
                    IsIndexed = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsIndexedForReporting = table.Column<bool>(type: "INTEGER", nullable: false),
                    WarnIfBlank = table.Column<bool>(type: "INTEGER", nullable: false),
                    HideListValues = table.Column<bool>(type: "INTEGER", nullable: false),
                    AutoExtract = table.Column<bool>(type: "INTEGER", nullable: false),
                    PropertiesJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FieldDefinitionSettings", x => x.FieldId);
                });

            migrationBuilder.CreateTable(
                name: "SeededDefinitions",
                columns: table => new
                {
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SeededDefinitions", x => new { x.Kind, x.Key });
                });

            migrationBuilder.CreateTable(
                name: "TemplateDefinitionSettings",
                columns: table => new
                {
                    TemplateId = table.Column<int>(type: "INTEGER", nullable: false),
                    Color = table.Column<long>(type: "INTEGER", nullable: true),
                    IsAutoAssignable = table.Column<bool>(type: "INTEGER", nullable: false),
                    PropertiesJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TemplateDefinitionSettings", x => x.TemplateId);
                });

            migrationBuilder.CreateTable(
                name: "TemplateFieldSettings",
                columns: table => new
                {
                    TemplateId = table.Column<int>(type: "INTEGER", nullable: false),
                    FieldId = table.Column<int>(type: "INTEGER", nullable: false),
                    IsRequired = table.Column<bool>(type: "INTEGER", nullable: true),
                    LocalDescription = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TemplateFieldSettings", x => new { x.TemplateId, x.FieldId });
                });

            migrationBuilder.CreateTable(
                name: "TrusteeMembers",
                columns: table => new
                {
                    GroupSid = table.Column<string>(type: "TEXT", nullable: false),
                    MemberSid = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrusteeMembers", x => new { x.GroupSid, x.MemberSid });
                });

            migrationBuilder.CreateTable(
                name: "Trustees",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Sid = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    NameKey = table.Column<string>(type: "TEXT", nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", nullable: false),
                    IsGroup = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsDisabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsAdministrator = table.Column<bool>(type: "INTEGER", nullable: false),
                    Privileges = table.Column<string>(type: "TEXT", nullable: false),
                    FeatureRights = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Trustees", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EntryFields_FieldId",
                table: "EntryFields",
                column: "FieldId");

            migrationBuilder.CreateIndex(
                name: "IX_DefinitionAces_Kind_DefinitionId_Position",
                table: "DefinitionAces",
                columns: new[] { "Kind", "DefinitionId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_EntryAces_EntryId_Position",
                table: "EntryAces",
                columns: new[] { "EntryId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_TrusteeMembers_MemberSid",
                table: "TrusteeMembers",
                column: "MemberSid");

            migrationBuilder.CreateIndex(
                name: "IX_Trustees_NameKey",
                table: "Trustees",
                column: "NameKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Trustees_Sid",
                table: "Trustees",
                column: "Sid",
                unique: true);

            // A store that existed before metadata administration was seeded already: what it holds counts as
            // seeded, so the seed does not bring back what administration deletes later. (A new store has no rows yet.)
            migrationBuilder.Sql("""
                INSERT INTO "SeededDefinitions" ("Kind", "Key") SELECT 'Field', "NameKey" FROM "FieldDefinitions";
                INSERT INTO "SeededDefinitions" ("Kind", "Key") SELECT 'Template', "NameKey" FROM "TemplateDefinitions";
                INSERT INTO "SeededDefinitions" ("Kind", "Key")
                    SELECT 'TemplateField', t."NameKey" || char(31) || f."NameKey"
                    FROM "TemplateFields" tf JOIN "TemplateDefinitions" t ON t."Id" = tf."TemplateId" JOIN "FieldDefinitions" f ON f."Id" = tf."FieldId";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DefinitionAces");

            migrationBuilder.DropTable(
                name: "EntryAces");

            migrationBuilder.DropTable(
                name: "EntryInheritance");

            migrationBuilder.DropTable(
                name: "FieldDefinitionSettings");

            migrationBuilder.DropTable(
                name: "SeededDefinitions");

            migrationBuilder.DropTable(
                name: "TemplateDefinitionSettings");

            migrationBuilder.DropTable(
                name: "TemplateFieldSettings");

            migrationBuilder.DropTable(
                name: "TrusteeMembers");

            migrationBuilder.DropTable(
                name: "Trustees");

            migrationBuilder.DropIndex(
                name: "IX_EntryFields_FieldId",
                table: "EntryFields");

            migrationBuilder.DropColumn(
                name: "EntryId",
                table: "DownloadLinks");

            migrationBuilder.DropColumn(
                name: "UserName",
                table: "DownloadLinks");
        }
    }
}
