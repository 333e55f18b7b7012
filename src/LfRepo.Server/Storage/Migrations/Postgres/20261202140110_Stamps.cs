using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LfRepo.Server.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Stamps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "stamps",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "text", nullable: false),
                    ispublic = table.Column<int>(type: "integer", nullable: false),
                    ownername = table.Column<string>(type: "text", nullable: false),
                    customdata = table.Column<string>(type: "text", nullable: true),
                    imagewidth = table.Column<int>(type: "integer", nullable: false),
                    imageheight = table.Column<int>(type: "integer", nullable: false),
                    imagepng = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stamps", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_stamps_ispublic_ownername",
                table: "stamps",
                columns: new[] { "ispublic", "ownername" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "stamps");
        }
    }
}
