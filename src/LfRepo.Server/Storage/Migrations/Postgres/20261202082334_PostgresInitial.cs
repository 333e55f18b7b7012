using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LfRepo.Server.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PostgresInitial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "attributes",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    username = table.Column<string>(type: "text", nullable: false),
                    key = table.Column<string>(type: "text", nullable: false),
                    value = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_attributes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "auditreasons",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "text", nullable: false),
                    auditeventtype = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_auditreasons", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "checkoutpages",
                columns: table => new
                {
                    entryid = table.Column<int>(type: "integer", nullable: false),
                    pagenumber = table.Column<int>(type: "integer", nullable: false),
                    imagesha256 = table.Column<string>(type: "text", nullable: true),
                    imageformat = table.Column<string>(type: "text", nullable: false),
                    imageframe = table.Column<int>(type: "integer", nullable: false),
                    width = table.Column<int>(type: "integer", nullable: false),
                    height = table.Column<int>(type: "integer", nullable: false),
                    textsha256 = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_checkoutpages", x => new { x.entryid, x.pagenumber });
                });

            migrationBuilder.CreateTable(
                name: "contents",
                columns: table => new
                {
                    sha256 = table.Column<string>(type: "text", nullable: false),
                    length = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contents", x => x.sha256);
                });

            migrationBuilder.CreateTable(
                name: "definitionaces",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    definitionid = table.Column<int>(type: "integer", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    trusteesid = table.Column<string>(type: "text", nullable: false),
                    isdeny = table.Column<int>(type: "integer", nullable: false),
                    rights = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_definitionaces", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "documentstates",
                columns: table => new
                {
                    entryid = table.Column<int>(type: "integer", nullable: false),
                    isunderversioncontrol = table.Column<int>(type: "integer", nullable: false),
                    currentversion = table.Column<int>(type: "integer", nullable: false),
                    checkedoutby = table.Column<string>(type: "text", nullable: true),
                    checkoutcomment = table.Column<string>(type: "text", nullable: true),
                    checkoutedocsha256 = table.Column<string>(type: "text", nullable: true),
                    checkoutsnapshotjson = table.Column<string>(type: "text", nullable: true),
                    locktoken = table.Column<string>(type: "text", nullable: true),
                    lockedby = table.Column<string>(type: "text", nullable: true),
                    lockcomment = table.Column<string>(type: "text", nullable: true),
                    lockextent = table.Column<string>(type: "text", nullable: true),
                    lockticks = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_documentstates", x => x.entryid);
                });

            migrationBuilder.CreateTable(
                name: "downloadlinks",
                columns: table => new
                {
                    token = table.Column<string>(type: "text", nullable: false),
                    fileid = table.Column<string>(type: "text", nullable: false),
                    contenttype = table.Column<string>(type: "text", nullable: false),
                    filename = table.Column<string>(type: "text", nullable: false),
                    username = table.Column<string>(type: "text", nullable: false),
                    entryid = table.Column<int>(type: "integer", nullable: false),
                    expiresticks = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_downloadlinks", x => x.token);
                });

            migrationBuilder.CreateTable(
                name: "edocs",
                columns: table => new
                {
                    entryid = table.Column<int>(type: "integer", nullable: false),
                    sha256 = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_edocs", x => x.entryid);
                });

            migrationBuilder.CreateTable(
                name: "entries",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    parentid = table.Column<int>(type: "integer", nullable: true),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    namekey = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    fullpath = table.Column<string>(type: "text", nullable: false),
                    entrytype = table.Column<int>(type: "integer", nullable: false),
                    creator = table.Column<string>(type: "text", nullable: false),
                    creationticks = table.Column<long>(type: "bigint", nullable: false),
                    lastmodifiedticks = table.Column<long>(type: "bigint", nullable: false),
                    volumename = table.Column<string>(type: "text", nullable: false),
                    templateid = table.Column<int>(type: "integer", nullable: false),
                    templatename = table.Column<string>(type: "text", nullable: false),
                    targetid = table.Column<int>(type: "integer", nullable: true),
                    targettype = table.Column<int>(type: "integer", nullable: true),
                    extension = table.Column<string>(type: "text", nullable: false),
                    mimetype = table.Column<string>(type: "text", nullable: false),
                    electronicdocumentsize = table.Column<long>(type: "bigint", nullable: false),
                    iselectronicdocument = table.Column<int>(type: "integer", nullable: false),
                    pagecount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "entryaces",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    entryid = table.Column<int>(type: "integer", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    trusteesid = table.Column<string>(type: "text", nullable: false),
                    isdeny = table.Column<int>(type: "integer", nullable: false),
                    rights = table.Column<int>(type: "integer", nullable: false),
                    scope = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_entryaces", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "entryfields",
                columns: table => new
                {
                    entryid = table.Column<int>(type: "integer", nullable: false),
                    fieldid = table.Column<int>(type: "integer", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    value = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_entryfields", x => new { x.entryid, x.fieldid, x.position });
                });

            migrationBuilder.CreateTable(
                name: "entryinheritance",
                columns: table => new
                {
                    entryid = table.Column<int>(type: "integer", nullable: false),
                    inheritparents = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_entryinheritance", x => x.entryid);
                });

            migrationBuilder.CreateTable(
                name: "entrylinks",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    linkdefinitionid = table.Column<int>(type: "integer", nullable: false),
                    sourceid = table.Column<int>(type: "integer", nullable: false),
                    targetid = table.Column<int>(type: "integer", nullable: false),
                    custompropertiesjson = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_entrylinks", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "entrytags",
                columns: table => new
                {
                    entryid = table.Column<int>(type: "integer", nullable: false),
                    tagid = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_entrytags", x => new { x.entryid, x.tagid });
                });

            migrationBuilder.CreateTable(
                name: "fielddefinitions",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "text", nullable: false),
                    namekey = table.Column<string>(type: "text", nullable: false),
                    description = table.Column<string>(type: "text", nullable: false),
                    fieldtype = table.Column<int>(type: "integer", nullable: false),
                    length = table.Column<int>(type: "integer", nullable: false),
                    defaultvalue = table.Column<string>(type: "text", nullable: false),
                    ismultivalue = table.Column<int>(type: "integer", nullable: false),
                    isrequired = table.Column<int>(type: "integer", nullable: false),
                    constraint = table.Column<string>(type: "text", nullable: false),
                    constrainterror = table.Column<string>(type: "text", nullable: false),
                    listvaluesjson = table.Column<string>(type: "text", nullable: false),
                    format = table.Column<int>(type: "integer", nullable: false),
                    formatpattern = table.Column<string>(type: "text", nullable: false),
                    currency = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_fielddefinitions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "fielddefinitionsettings",
                columns: table => new
                {
                    fieldid = table.Column<int>(type: "integer", nullable: false),
                    isindexed = table.Column<int>(type: "integer", nullable: false),
                    isindexedforreporting = table.Column<int>(type: "integer", nullable: false),
                    warnifblank = table.Column<int>(type: "integer", nullable: false),
                    hidelistvalues = table.Column<int>(type: "integer", nullable: false),
                    autoextract = table.Column<int>(type: "integer", nullable: false),
                    propertiesjson = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_fielddefinitionsettings", x => x.fieldid);
                });

            migrationBuilder.CreateTable(
                name: "linkdefinitions",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    sourcelabel = table.Column<string>(type: "text", nullable: false),
                    targetlabel = table.Column<string>(type: "text", nullable: false),
                    description = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_linkdefinitions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "pages",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    entryid = table.Column<int>(type: "integer", nullable: false),
                    pagenumber = table.Column<int>(type: "integer", nullable: false),
                    imagesha256 = table.Column<string>(type: "text", nullable: true),
                    imageformat = table.Column<string>(type: "text", nullable: false),
                    imageframe = table.Column<int>(type: "integer", nullable: false),
                    width = table.Column<int>(type: "integer", nullable: false),
                    height = table.Column<int>(type: "integer", nullable: false),
                    textsha256 = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "repositories",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_repositories", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "schemainfo",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_schemainfo", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "searches",
                columns: table => new
                {
                    taskid = table.Column<string>(type: "text", nullable: false),
                    command = table.Column<string>(type: "text", nullable: false),
                    lastreadticks = table.Column<long>(type: "bigint", nullable: false),
                    rowcount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_searches", x => x.taskid);
                });

            migrationBuilder.CreateTable(
                name: "searchresults",
                columns: table => new
                {
                    taskid = table.Column<string>(type: "text", nullable: false),
                    rownumber = table.Column<int>(type: "integer", nullable: false),
                    entryid = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_searchresults", x => new { x.taskid, x.rownumber });
                });

            migrationBuilder.CreateTable(
                name: "seededdefinitions",
                columns: table => new
                {
                    kind = table.Column<string>(type: "text", nullable: false),
                    key = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_seededdefinitions", x => new { x.kind, x.key });
                });

            migrationBuilder.CreateTable(
                name: "tagdefinitions",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "text", nullable: false),
                    namekey = table.Column<string>(type: "text", nullable: false),
                    description = table.Column<string>(type: "text", nullable: false),
                    issecure = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tagdefinitions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "tasks",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    tasktype = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    percentcomplete = table.Column<int>(type: "integer", nullable: false),
                    errorsjson = table.Column<string>(type: "text", nullable: true),
                    resultentryid = table.Column<int>(type: "integer", nullable: false),
                    resulturi = table.Column<string>(type: "text", nullable: true),
                    resultjson = table.Column<string>(type: "text", nullable: true),
                    startticks = table.Column<long>(type: "bigint", nullable: false),
                    lastupdateticks = table.Column<long>(type: "bigint", nullable: false),
                    finishedticks = table.Column<long>(type: "bigint", nullable: true),
                    username = table.Column<string>(type: "text", nullable: false),
                    tokenid = table.Column<string>(type: "text", nullable: false),
                    requestjson = table.Column<string>(type: "text", nullable: false),
                    baseurl = table.Column<string>(type: "text", nullable: false),
                    instance = table.Column<string>(type: "text", nullable: false),
                    operationid = table.Column<string>(type: "text", nullable: false),
                    cancelrequested = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tasks", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "templatedefinitions",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "text", nullable: false),
                    namekey = table.Column<string>(type: "text", nullable: false),
                    description = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_templatedefinitions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "templatedefinitionsettings",
                columns: table => new
                {
                    templateid = table.Column<int>(type: "integer", nullable: false),
                    color = table.Column<long>(type: "bigint", nullable: true),
                    isautoassignable = table.Column<int>(type: "integer", nullable: false),
                    propertiesjson = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_templatedefinitionsettings", x => x.templateid);
                });

            migrationBuilder.CreateTable(
                name: "templatefields",
                columns: table => new
                {
                    templateid = table.Column<int>(type: "integer", nullable: false),
                    fieldid = table.Column<int>(type: "integer", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    groupid = table.Column<int>(type: "integer", nullable: true),
                    groupname = table.Column<string>(type: "text", nullable: true),
                    parentfieldid = table.Column<int>(type: "integer", nullable: true),
                    dynamicvaluesjson = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_templatefields", x => new { x.templateid, x.fieldid });
                });

            migrationBuilder.CreateTable(
                name: "templatefieldsettings",
                columns: table => new
                {
                    templateid = table.Column<int>(type: "integer", nullable: false),
                    fieldid = table.Column<int>(type: "integer", nullable: false),
                    isrequired = table.Column<int>(type: "integer", nullable: true),
                    localdescription = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_templatefieldsettings", x => new { x.templateid, x.fieldid });
                });

            migrationBuilder.CreateTable(
                name: "trusteemembers",
                columns: table => new
                {
                    groupsid = table.Column<string>(type: "text", nullable: false),
                    membersid = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_trusteemembers", x => new { x.groupsid, x.membersid });
                });

            migrationBuilder.CreateTable(
                name: "trustees",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    sid = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    namekey = table.Column<string>(type: "text", nullable: false),
                    displayname = table.Column<string>(type: "text", nullable: false),
                    isgroup = table.Column<int>(type: "integer", nullable: false),
                    isdisabled = table.Column<int>(type: "integer", nullable: false),
                    isadministrator = table.Column<int>(type: "integer", nullable: false),
                    privileges = table.Column<string>(type: "text", nullable: false),
                    featurerights = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_trustees", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "uploadparts",
                columns: table => new
                {
                    uploadid = table.Column<string>(type: "text", nullable: false),
                    partnumber = table.Column<int>(type: "integer", nullable: false),
                    urlexpiresticks = table.Column<long>(type: "bigint", nullable: false),
                    etag = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_uploadparts", x => new { x.uploadid, x.partnumber });
                });

            migrationBuilder.CreateTable(
                name: "uploadsessions",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    filename = table.Column<string>(type: "text", nullable: false),
                    mimetype = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_uploadsessions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "userareas",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    username = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    namekey = table.Column<string>(type: "text", nullable: false),
                    comment = table.Column<string>(type: "text", nullable: true),
                    data = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_userareas", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    username = table.Column<string>(type: "text", nullable: false),
                    passwordhash = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "userareaentries",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    areaid = table.Column<int>(type: "integer", nullable: false),
                    entryid = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_userareaentries", x => x.id);
                    table.ForeignKey(
                        name: "fk_userareaentries_entries_entryid",
                        column: x => x.entryid,
                        principalTable: "entries",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_userareaentries_userareas_areaid",
                        column: x => x.areaid,
                        principalTable: "userareas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_attributes_username_key",
                table: "attributes",
                columns: new[] { "username", "key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_checkoutpages_imagesha256",
                table: "checkoutpages",
                column: "imagesha256");

            migrationBuilder.CreateIndex(
                name: "ix_checkoutpages_textsha256",
                table: "checkoutpages",
                column: "textsha256");

            migrationBuilder.CreateIndex(
                name: "ix_definitionaces_kind_definitionid_position",
                table: "definitionaces",
                columns: new[] { "kind", "definitionid", "position" });

            migrationBuilder.CreateIndex(
                name: "ix_documentstates_checkoutedocsha256",
                table: "documentstates",
                column: "checkoutedocsha256");

            migrationBuilder.CreateIndex(
                name: "ix_downloadlinks_expiresticks",
                table: "downloadlinks",
                column: "expiresticks");

            migrationBuilder.CreateIndex(
                name: "ix_edocs_sha256",
                table: "edocs",
                column: "sha256");

            migrationBuilder.CreateIndex(
                name: "ix_entries_parentid_creationticks_id",
                table: "entries",
                columns: new[] { "parentid", "creationticks", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_entries_parentid_entrytype_namekey_id",
                table: "entries",
                columns: new[] { "parentid", "entrytype", "namekey", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_entries_parentid_lastmodifiedticks_id",
                table: "entries",
                columns: new[] { "parentid", "lastmodifiedticks", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_entries_parentid_namekey",
                table: "entries",
                columns: new[] { "parentid", "namekey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_entries_targetid",
                table: "entries",
                column: "targetid");

            migrationBuilder.CreateIndex(
                name: "ix_entryaces_entryid_position",
                table: "entryaces",
                columns: new[] { "entryid", "position" });

            migrationBuilder.CreateIndex(
                name: "ix_entryfields_fieldid",
                table: "entryfields",
                column: "fieldid");

            migrationBuilder.CreateIndex(
                name: "ix_entrylinks_sourceid",
                table: "entrylinks",
                column: "sourceid");

            migrationBuilder.CreateIndex(
                name: "ix_entrylinks_targetid",
                table: "entrylinks",
                column: "targetid");

            migrationBuilder.CreateIndex(
                name: "ix_fielddefinitions_namekey",
                table: "fielddefinitions",
                column: "namekey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_pages_entryid_pagenumber",
                table: "pages",
                columns: new[] { "entryid", "pagenumber" });

            migrationBuilder.CreateIndex(
                name: "ix_pages_imagesha256",
                table: "pages",
                column: "imagesha256");

            migrationBuilder.CreateIndex(
                name: "ix_pages_textsha256",
                table: "pages",
                column: "textsha256");

            migrationBuilder.CreateIndex(
                name: "ix_tagdefinitions_namekey",
                table: "tagdefinitions",
                column: "namekey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_tasks_status_finishedticks",
                table: "tasks",
                columns: new[] { "status", "finishedticks" });

            migrationBuilder.CreateIndex(
                name: "ix_tasks_tokenid",
                table: "tasks",
                column: "tokenid");

            migrationBuilder.CreateIndex(
                name: "ix_templatedefinitions_namekey",
                table: "templatedefinitions",
                column: "namekey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_trusteemembers_membersid",
                table: "trusteemembers",
                column: "membersid");

            migrationBuilder.CreateIndex(
                name: "ix_trustees_namekey",
                table: "trustees",
                column: "namekey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_trustees_sid",
                table: "trustees",
                column: "sid",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_userareaentries_areaid_entryid",
                table: "userareaentries",
                columns: new[] { "areaid", "entryid" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_userareaentries_entryid",
                table: "userareaentries",
                column: "entryid");

            migrationBuilder.CreateIndex(
                name: "ix_userareas_username_namekey",
                table: "userareas",
                columns: new[] { "username", "namekey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_users_username",
                table: "users",
                column: "username",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "attributes");

            migrationBuilder.DropTable(
                name: "auditreasons");

            migrationBuilder.DropTable(
                name: "checkoutpages");

            migrationBuilder.DropTable(
                name: "contents");

            migrationBuilder.DropTable(
                name: "definitionaces");

            migrationBuilder.DropTable(
                name: "documentstates");

            migrationBuilder.DropTable(
                name: "downloadlinks");

            migrationBuilder.DropTable(
                name: "edocs");

            migrationBuilder.DropTable(
                name: "entryaces");

            migrationBuilder.DropTable(
                name: "entryfields");

            migrationBuilder.DropTable(
                name: "entryinheritance");

            migrationBuilder.DropTable(
                name: "entrylinks");

            migrationBuilder.DropTable(
                name: "entrytags");

            migrationBuilder.DropTable(
                name: "fielddefinitions");

            migrationBuilder.DropTable(
                name: "fielddefinitionsettings");

            migrationBuilder.DropTable(
                name: "linkdefinitions");

            migrationBuilder.DropTable(
                name: "pages");

            migrationBuilder.DropTable(
                name: "repositories");

            migrationBuilder.DropTable(
                name: "schemainfo");

            migrationBuilder.DropTable(
                name: "searches");

            migrationBuilder.DropTable(
                name: "searchresults");

            migrationBuilder.DropTable(
                name: "seededdefinitions");

            migrationBuilder.DropTable(
                name: "tagdefinitions");

            migrationBuilder.DropTable(
                name: "tasks");

            migrationBuilder.DropTable(
                name: "templatedefinitions");

            migrationBuilder.DropTable(
                name: "templatedefinitionsettings");

            migrationBuilder.DropTable(
                name: "templatefields");

            migrationBuilder.DropTable(
                name: "templatefieldsettings");

            migrationBuilder.DropTable(
                name: "trusteemembers");

            migrationBuilder.DropTable(
                name: "trustees");

            migrationBuilder.DropTable(
                name: "uploadparts");

            migrationBuilder.DropTable(
                name: "uploadsessions");

            migrationBuilder.DropTable(
                name: "userareaentries");

            migrationBuilder.DropTable(
                name: "users");

            migrationBuilder.DropTable(
                name: "entries");

            migrationBuilder.DropTable(
                name: "userareas");
        }
    }
}
