using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LfRepo.Server.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Annotations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "annotationreasons",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    text = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_annotationreasons", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "annotations",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    entryid = table.Column<int>(type: "integer", nullable: false),
                    pageid = table.Column<int>(type: "integer", nullable: false),
                    annotationtype = table.Column<string>(type: "text", nullable: false),
                    creator = table.Column<string>(type: "text", nullable: true),
                    createdtime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    lastmodifiedtime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    isprotected = table.Column<int>(type: "integer", nullable: false),
                    visibility = table.Column<string>(type: "text", nullable: false),
                    comment = table.Column<string>(type: "text", nullable: true),
                    customdata = table.Column<string>(type: "text", nullable: true),
                    zorder = table.Column<int>(type: "integer", nullable: false),
                    reasonid = table.Column<int>(type: "integer", nullable: true),
                    accesstype = table.Column<string>(type: "text", nullable: false),
                    membersjson = table.Column<string>(type: "text", nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: true),
                    contenttype = table.Column<string>(type: "text", nullable: true),
                    contentfilename = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_annotations", x => x.id);
                    table.ForeignKey(
                        name: "fk_annotations_pages_pageid",
                        column: x => x.pageid,
                        principalTable: "pages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_annotations_entryid",
                table: "annotations",
                column: "entryid");

            migrationBuilder.CreateIndex(
                name: "ix_annotations_pageid",
                table: "annotations",
                column: "pageid");

            migrationBuilder.CreateIndex(
                name: "ix_annotations_reasonid",
                table: "annotations",
                column: "reasonid");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "annotationreasons");

            migrationBuilder.DropTable(
                name: "annotations");
        }
    }
}
