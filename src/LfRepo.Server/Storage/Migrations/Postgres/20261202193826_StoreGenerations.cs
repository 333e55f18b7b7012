using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LfRepo.Server.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class StoreGenerations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "storegenerations",
                columns: table => new
                {
                    name = table.Column<string>(type: "text", nullable: false),
                    value = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_storegenerations", x => x.name);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "storegenerations");
        }
    }
}
