using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LfRepo.Server.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PostgresRecordsAndDocumentVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "documentversions",
                columns: table => new
                {
                    entryid = table.Column<int>(type: "integer", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    createdby = table.Column<string>(type: "text", nullable: false),
                    createdticks = table.Column<long>(type: "bigint", nullable: false),
                    comment = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_documentversions", x => new { x.entryid, x.version });
                });

            migrationBuilder.CreateTable(
                name: "recordevents",
                columns: table => new
                {
                    entryid = table.Column<int>(type: "integer", nullable: false),
                    eventid = table.Column<int>(type: "integer", nullable: false),
                    dateticks = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recordevents", x => new { x.entryid, x.eventid });
                    table.ForeignKey(
                        name: "fk_recordevents_entries_entryid",
                        column: x => x.entryid,
                        principalTable: "entries",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "recordproperties",
                columns: table => new
                {
                    entryid = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    code = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    cutoffcriterionid = table.Column<int>(type: "integer", nullable: true),
                    dispositionscheduleid = table.Column<int>(type: "integer", nullable: true),
                    dispositionauthority = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    ispermanent = table.Column<int>(type: "integer", nullable: false),
                    reviewcycleid = table.Column<int>(type: "integer", nullable: true),
                    reviewinterval = table.Column<int>(type: "integer", nullable: true),
                    reviewintervalunit = table.Column<int>(type: "integer", nullable: true),
                    filingticks = table.Column<long>(type: "bigint", nullable: true),
                    triggerticks = table.Column<long>(type: "bigint", nullable: true),
                    iscutoffcriterioninherited = table.Column<int>(type: "integer", nullable: false),
                    isdispositionscheduleinherited = table.Column<int>(type: "integer", nullable: false),
                    lastreviewticks = table.Column<long>(type: "bigint", nullable: true),
                    reviewer = table.Column<string>(type: "text", nullable: true),
                    isclosed = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recordproperties", x => x.entryid);
                    table.ForeignKey(
                        name: "fk_recordproperties_entries_entryid",
                        column: x => x.entryid,
                        principalTable: "entries",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "documentversions");

            migrationBuilder.DropTable(
                name: "recordevents");

            migrationBuilder.DropTable(
                name: "recordproperties");
        }
    }
}
