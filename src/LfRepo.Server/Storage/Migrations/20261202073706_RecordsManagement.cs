using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LfRepo.Server.Storage.Migrations
{
    /// <inheritdoc />
    public partial class RecordsManagement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RecordEvents",
                columns: table => new
                {
                    EntryId = table.Column<int>(type: "INTEGER", nullable: false),
                    EventId = table.Column<int>(type: "INTEGER", nullable: false),
                    DateTicks = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecordEvents", x => new { x.EntryId, x.EventId });
                    table.ForeignKey(
                        name: "FK_RecordEvents_Entries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "Entries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RecordProperties",
                columns: table => new
                {
                    EntryId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    CutoffCriterionId = table.Column<int>(type: "INTEGER", nullable: true),
                    DispositionScheduleId = table.Column<int>(type: "INTEGER", nullable: true),
                    DispositionAuthority = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    IsPermanent = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReviewCycleId = table.Column<int>(type: "INTEGER", nullable: true),
                    ReviewInterval = table.Column<int>(type: "INTEGER", nullable: true),
                    ReviewIntervalUnit = table.Column<int>(type: "INTEGER", nullable: true),
                    FilingTicks = table.Column<long>(type: "INTEGER", nullable: true),
                    TriggerTicks = table.Column<long>(type: "INTEGER", nullable: true),
                    IsCutoffCriterionInherited = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsDispositionScheduleInherited = table.Column<bool>(type: "INTEGER", nullable: false),
                    LastReviewTicks = table.Column<long>(type: "INTEGER", nullable: true),
                    Reviewer = table.Column<string>(type: "TEXT", nullable: true),
                    IsClosed = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecordProperties", x => x.EntryId);
                    table.ForeignKey(
                        name: "FK_RecordProperties_Entries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "Entries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RecordEvents");

            migrationBuilder.DropTable(
                name: "RecordProperties");
        }
    }
}
