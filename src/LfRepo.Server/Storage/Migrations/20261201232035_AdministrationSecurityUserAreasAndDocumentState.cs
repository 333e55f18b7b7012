using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LfRepo.Server.Storage.Migrations
{
    /// <inheritdoc />
    public partial class AdministrationSecurityUserAreasAndDocumentState : Migration
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
                name: "CheckOutPages",
                columns: table => new
                {
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
                    table.PrimaryKey("PK_CheckOutPages", x => new { x.EntryId, x.PageNumber });
                });

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
                name: "DocumentStates",
                columns: table => new
                {
                    EntryId = table.Column<int>(type: "INTEGER", nullable: false),
                    IsUnderVersionControl = table.Column<bool>(type: "INTEGER", nullable: false),
                    CurrentVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    CheckedOutBy = table.Column<string>(type: "TEXT", nullable: true),
                    CheckOutComment = table.Column<string>(type: "TEXT", nullable: true),
                    CheckOutEdocSha256 = table.Column<string>(type: "TEXT", nullable: true),
                    CheckOutSnapshotJson = table.Column<string>(type: "TEXT", nullable: true),
                    LockToken = table.Column<string>(type: "TEXT", nullable: true),
                    LockedBy = table.Column<string>(type: "TEXT", nullable: true),
                    LockComment = table.Column<string>(type: "TEXT", nullable: true),
                    LockExtent = table.Column<string>(type: "TEXT", nullable: true),
                    LockTicks = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DocumentStates", x => x.EntryId);
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

            migrationBuilder.CreateTable(
                name: "UserAreas",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserName = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    NameKey = table.Column<string>(type: "TEXT", nullable: false),
                    Comment = table.Column<string>(type: "TEXT", nullable: true),
                    Data = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UserAreas", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "UserAreaEntries",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AreaId = table.Column<int>(type: "INTEGER", nullable: false),
                    EntryId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UserAreaEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_UserAreaEntries_Entries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "Entries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_UserAreaEntries_UserAreas_AreaId",
                        column: x => x.AreaId,
                        principalTable: "UserAreas",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EntryFields_FieldId",
                table: "EntryFields",
                column: "FieldId");

            migrationBuilder.CreateIndex(
                name: "IX_CheckOutPages_ImageSha256",
                table: "CheckOutPages",
                column: "ImageSha256");

            migrationBuilder.CreateIndex(
                name: "IX_CheckOutPages_TextSha256",
                table: "CheckOutPages",
                column: "TextSha256");

            migrationBuilder.CreateIndex(
                name: "IX_DefinitionAces_Kind_DefinitionId_Position",
                table: "DefinitionAces",
                columns: new[] { "Kind", "DefinitionId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_DocumentStates_CheckOutEdocSha256",
                table: "DocumentStates",
                column: "CheckOutEdocSha256");

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

            migrationBuilder.CreateIndex(
                name: "IX_UserAreaEntries_AreaId_EntryId",
                table: "UserAreaEntries",
                columns: new[] { "AreaId", "EntryId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UserAreaEntries_EntryId",
                table: "UserAreaEntries",
                column: "EntryId");

            migrationBuilder.CreateIndex(
                name: "IX_UserAreas_UserName_NameKey",
                table: "UserAreas",
                columns: new[] { "UserName", "NameKey" },
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
                name: "CheckOutPages");

            migrationBuilder.DropTable(
                name: "DefinitionAces");

            migrationBuilder.DropTable(
                name: "DocumentStates");

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

            migrationBuilder.DropTable(
                name: "UserAreaEntries");

            migrationBuilder.DropTable(
                name: "UserAreas");

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
