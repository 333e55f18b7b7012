using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LfRepo.Server.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TaskLeases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "leaseexpiresticks",
                table: "tasks",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ownerid",
                table: "tasks",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "taskleases",
                columns: table => new
                {
                    name = table.Column<string>(type: "text", nullable: false),
                    ownerid = table.Column<string>(type: "text", nullable: false),
                    expiresticks = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_taskleases", x => x.name);
                });

            migrationBuilder.CreateIndex(
                name: "ix_tasks_ownerid_status",
                table: "tasks",
                columns: new[] { "ownerid", "status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "taskleases");

            migrationBuilder.DropIndex(
                name: "ix_tasks_ownerid_status",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "leaseexpiresticks",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "ownerid",
                table: "tasks");
        }
    }
}
