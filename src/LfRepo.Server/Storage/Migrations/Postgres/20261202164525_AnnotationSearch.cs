using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LfRepo.Server.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AnnotationSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "color",
                table: "annotations",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "stampid",
                table: "annotations",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "text",
                table: "annotations",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "searchtextpages",
                columns: table => new
                {
                    pageid = table.Column<int>(type: "integer", nullable: false),
                    sha256 = table.Column<string>(type: "text", nullable: false),
                    text = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_searchtextpages", x => x.pageid);
                    table.ForeignKey(
                        name: "fk_searchtextpages_pages_pageid",
                        column: x => x.pageid,
                        principalTable: "pages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_searchtextpages_sha256",
                table: "searchtextpages",
                column: "sha256");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "searchtextpages");

            migrationBuilder.DropColumn(
                name: "color",
                table: "annotations");

            migrationBuilder.DropColumn(
                name: "stampid",
                table: "annotations");

            migrationBuilder.DropColumn(
                name: "text",
                table: "annotations");
        }
    }
}
