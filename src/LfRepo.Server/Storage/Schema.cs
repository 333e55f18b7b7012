namespace LfRepo.Server.Storage;

/// <summary>
/// The store's schema as SQL, applied with plain SQLite commands at start: EF Core's first use costs about a
/// second (model building, query compilation), which start-up should not pay. <c>SchemaTests</c> keeps this DDL
/// equal to what <see cref="LfRepoDbContext"/>'s model would create.
/// </summary>
public static class Schema
{
    /// <summary>Bump when the schema changes, and add the step that brings the previous version here.</summary>
    public const int CurrentVersion = 6;

    /// <summary>Creates a new store at <see cref="CurrentVersion"/>.</summary>
    public const string Create = Version1 + "\n" + TasksOfVersion2 + "\n" + MetadataOfVersion3 + "\n" + DocumentsOfVersion4 + "\n" + SearchOfVersion5 + "\n" + DocumentStatesOfVersion6;

    /// <summary>The first schema: the entry tree, users, repositories.</summary>
    private const string Version1 = """
        CREATE TABLE "Entries" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_Entries" PRIMARY KEY AUTOINCREMENT,
            "ParentId" INTEGER NULL,
            "Name" TEXT NOT NULL,
            "NameKey" TEXT NOT NULL,
            "FullPath" TEXT NOT NULL,
            "EntryType" INTEGER NOT NULL,
            "Creator" TEXT NOT NULL,
            "CreationTicks" INTEGER NOT NULL,
            "LastModifiedTicks" INTEGER NOT NULL,
            "VolumeName" TEXT NOT NULL,
            "TemplateId" INTEGER NOT NULL,
            "TemplateName" TEXT NOT NULL,
            "TargetId" INTEGER NULL,
            "TargetType" INTEGER NULL,
            "Extension" TEXT NOT NULL,
            "MimeType" TEXT NOT NULL,
            "ElectronicDocumentSize" INTEGER NOT NULL,
            "IsElectronicDocument" INTEGER NOT NULL,
            "PageCount" INTEGER NOT NULL
        );
        CREATE TABLE "Repositories" (
            "Id" TEXT NOT NULL CONSTRAINT "PK_Repositories" PRIMARY KEY,
            "Name" TEXT NOT NULL
        );
        CREATE TABLE "SchemaInfo" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_SchemaInfo" PRIMARY KEY,
            "Version" INTEGER NOT NULL
        );
        CREATE TABLE "Users" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_Users" PRIMARY KEY AUTOINCREMENT,
            "UserName" TEXT NOT NULL,
            "PasswordHash" TEXT NOT NULL
        );
        CREATE INDEX "IX_Entries_ParentId_CreationTicks_Id" ON "Entries" ("ParentId", "CreationTicks", "Id");
        CREATE INDEX "IX_Entries_ParentId_EntryType_NameKey_Id" ON "Entries" ("ParentId", "EntryType", "NameKey", "Id");
        CREATE INDEX "IX_Entries_ParentId_LastModifiedTicks_Id" ON "Entries" ("ParentId", "LastModifiedTicks", "Id");
        CREATE UNIQUE INDEX "IX_Entries_ParentId_NameKey" ON "Entries" ("ParentId", "NameKey");
        CREATE INDEX "IX_Entries_TargetId" ON "Entries" ("TargetId");
        CREATE UNIQUE INDEX "IX_Users_UserName" ON "Users" ("UserName");
        """;

    /// <summary>Version 2 adds the long-operation tasks.</summary>
    private const string TasksOfVersion2 = """
        CREATE TABLE "Tasks" (
            "Id" TEXT NOT NULL CONSTRAINT "PK_Tasks" PRIMARY KEY,
            "TaskType" INTEGER NOT NULL,
            "Status" INTEGER NOT NULL,
            "PercentComplete" INTEGER NOT NULL,
            "ErrorsJson" TEXT NULL,
            "ResultEntryId" INTEGER NOT NULL,
            "ResultUri" TEXT NULL,
            "StartTicks" INTEGER NOT NULL,
            "LastUpdateTicks" INTEGER NOT NULL,
            "FinishedTicks" INTEGER NULL,
            "UserName" TEXT NOT NULL,
            "TokenId" TEXT NOT NULL,
            "RequestJson" TEXT NOT NULL,
            "BaseUrl" TEXT NOT NULL,
            "Instance" TEXT NOT NULL,
            "OperationId" TEXT NOT NULL,
            "CancelRequested" INTEGER NOT NULL
        );
        CREATE INDEX "IX_Tasks_Status_FinishedTicks" ON "Tasks" ("Status", "FinishedTicks");
        CREATE INDEX "IX_Tasks_TokenId" ON "Tasks" ("TokenId");
        """;

    /// <summary>Version 3 adds metadata: field, template, tag and link definitions, audit reasons, attributes, and entry fields, tags and links.</summary>
    private const string MetadataOfVersion3 = """
        CREATE TABLE "Attributes" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_Attributes" PRIMARY KEY AUTOINCREMENT,
            "UserName" TEXT NOT NULL,
            "Key" TEXT NOT NULL,
            "Value" TEXT NOT NULL
        );
        CREATE TABLE "AuditReasons" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_AuditReasons" PRIMARY KEY AUTOINCREMENT,
            "Name" TEXT NOT NULL,
            "AuditEventType" INTEGER NOT NULL
        );
        CREATE TABLE "EntryFields" (
            "EntryId" INTEGER NOT NULL,
            "FieldId" INTEGER NOT NULL,
            "Position" INTEGER NOT NULL,
            "Value" TEXT NOT NULL,
            CONSTRAINT "PK_EntryFields" PRIMARY KEY ("EntryId", "FieldId", "Position")
        );
        CREATE TABLE "EntryLinks" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_EntryLinks" PRIMARY KEY AUTOINCREMENT,
            "LinkDefinitionId" INTEGER NOT NULL,
            "SourceId" INTEGER NOT NULL,
            "TargetId" INTEGER NOT NULL,
            "CustomPropertiesJson" TEXT NULL
        );
        CREATE TABLE "EntryTags" (
            "EntryId" INTEGER NOT NULL,
            "TagId" INTEGER NOT NULL,
            CONSTRAINT "PK_EntryTags" PRIMARY KEY ("EntryId", "TagId")
        );
        CREATE TABLE "FieldDefinitions" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_FieldDefinitions" PRIMARY KEY AUTOINCREMENT,
            "Name" TEXT NOT NULL,
            "NameKey" TEXT NOT NULL,
            "Description" TEXT NOT NULL,
            "FieldType" INTEGER NOT NULL,
            "Length" INTEGER NOT NULL,
            "DefaultValue" TEXT NOT NULL,
            "IsMultiValue" INTEGER NOT NULL,
            "IsRequired" INTEGER NOT NULL,
            "Constraint" TEXT NOT NULL,
            "ConstraintError" TEXT NOT NULL,
            "ListValuesJson" TEXT NOT NULL,
            "Format" INTEGER NOT NULL,
            "FormatPattern" TEXT NOT NULL,
            "Currency" TEXT NOT NULL
        );
        CREATE TABLE "LinkDefinitions" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_LinkDefinitions" PRIMARY KEY AUTOINCREMENT,
            "SourceLabel" TEXT NOT NULL,
            "TargetLabel" TEXT NOT NULL,
            "Description" TEXT NOT NULL
        );
        CREATE TABLE "TagDefinitions" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_TagDefinitions" PRIMARY KEY AUTOINCREMENT,
            "Name" TEXT NOT NULL,
            "NameKey" TEXT NOT NULL,
            "Description" TEXT NOT NULL,
            "IsSecure" INTEGER NOT NULL
        );
        CREATE TABLE "TemplateDefinitions" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_TemplateDefinitions" PRIMARY KEY AUTOINCREMENT,
            "Name" TEXT NOT NULL,
            "NameKey" TEXT NOT NULL,
            "Description" TEXT NOT NULL
        );
        CREATE TABLE "TemplateFields" (
            "TemplateId" INTEGER NOT NULL,
            "FieldId" INTEGER NOT NULL,
            "Position" INTEGER NOT NULL,
            "GroupId" INTEGER NULL,
            "GroupName" TEXT NULL,
            "ParentFieldId" INTEGER NULL,
            "DynamicValuesJson" TEXT NULL,
            CONSTRAINT "PK_TemplateFields" PRIMARY KEY ("TemplateId", "FieldId")
        );
        CREATE UNIQUE INDEX "IX_Attributes_UserName_Key" ON "Attributes" ("UserName", "Key");
        CREATE INDEX "IX_EntryLinks_SourceId" ON "EntryLinks" ("SourceId");
        CREATE INDEX "IX_EntryLinks_TargetId" ON "EntryLinks" ("TargetId");
        CREATE UNIQUE INDEX "IX_FieldDefinitions_NameKey" ON "FieldDefinitions" ("NameKey");
        CREATE UNIQUE INDEX "IX_TagDefinitions_NameKey" ON "TagDefinitions" ("NameKey");
        CREATE UNIQUE INDEX "IX_TemplateDefinitions_NameKey" ON "TemplateDefinitions" ("NameKey");
        """;

    /// <summary>Version 4 adds document content: the content store's blobs and the edocs and pages referencing them.</summary>
    private const string DocumentsOfVersion4 = """
        CREATE TABLE "Contents" (
            "Sha256" TEXT NOT NULL CONSTRAINT "PK_Contents" PRIMARY KEY,
            "Length" INTEGER NOT NULL
        );
        CREATE TABLE "Edocs" (
            "EntryId" INTEGER NOT NULL CONSTRAINT "PK_Edocs" PRIMARY KEY,
            "Sha256" TEXT NOT NULL
        );
        CREATE TABLE "Pages" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_Pages" PRIMARY KEY AUTOINCREMENT,
            "EntryId" INTEGER NOT NULL,
            "PageNumber" INTEGER NOT NULL,
            "ImageSha256" TEXT NULL,
            "ImageFormat" TEXT NOT NULL,
            "ImageFrame" INTEGER NOT NULL,
            "Width" INTEGER NOT NULL,
            "Height" INTEGER NOT NULL,
            "TextSha256" TEXT NULL
        );
        CREATE INDEX "IX_Edocs_Sha256" ON "Edocs" ("Sha256");
        CREATE INDEX "IX_Pages_EntryId_PageNumber" ON "Pages" ("EntryId", "PageNumber");
        CREATE INDEX "IX_Pages_ImageSha256" ON "Pages" ("ImageSha256");
        CREATE INDEX "IX_Pages_TextSha256" ON "Pages" ("TextSha256");
        """;

    /// <summary>Version 5 adds search results: one row per evaluated search and one per result entry.</summary>
    private const string SearchOfVersion5 = """
        CREATE TABLE "SearchResults" (
            "TaskId" TEXT NOT NULL,
            "RowNumber" INTEGER NOT NULL,
            "EntryId" INTEGER NOT NULL,
            CONSTRAINT "PK_SearchResults" PRIMARY KEY ("TaskId", "RowNumber")
        );
        CREATE TABLE "Searches" (
            "TaskId" TEXT NOT NULL CONSTRAINT "PK_Searches" PRIMARY KEY,
            "Command" TEXT NOT NULL,
            "LastReadTicks" INTEGER NOT NULL,
            "RowCount" INTEGER NOT NULL
        );
        """;

    /// <summary>Version 6 adds version control and persistent locks of documents, and the pages kept at check-out.</summary>
    private const string DocumentStatesOfVersion6 = """
        CREATE TABLE "CheckOutPages" (
            "EntryId" INTEGER NOT NULL,
            "PageNumber" INTEGER NOT NULL,
            "ImageSha256" TEXT NULL,
            "ImageFormat" TEXT NOT NULL,
            "ImageFrame" INTEGER NOT NULL,
            "Width" INTEGER NOT NULL,
            "Height" INTEGER NOT NULL,
            "TextSha256" TEXT NULL,
            CONSTRAINT "PK_CheckOutPages" PRIMARY KEY ("EntryId", "PageNumber")
        );
        CREATE TABLE "DocumentStates" (
            "EntryId" INTEGER NOT NULL CONSTRAINT "PK_DocumentStates" PRIMARY KEY,
            "IsUnderVersionControl" INTEGER NOT NULL,
            "CurrentVersion" INTEGER NOT NULL,
            "CheckedOutBy" TEXT NULL,
            "CheckOutComment" TEXT NULL,
            "CheckOutEdocSha256" TEXT NULL,
            "CheckOutSnapshotJson" TEXT NULL,
            "LockToken" TEXT NULL,
            "LockedBy" TEXT NULL,
            "LockComment" TEXT NULL,
            "LockExtent" TEXT NULL,
            "LockTicks" INTEGER NULL
        );
        CREATE INDEX "IX_CheckOutPages_ImageSha256" ON "CheckOutPages" ("ImageSha256");
        CREATE INDEX "IX_CheckOutPages_TextSha256" ON "CheckOutPages" ("TextSha256");
        CREATE INDEX "IX_DocumentStates_CheckOutEdocSha256" ON "DocumentStates" ("CheckOutEdocSha256");
        """;

    /// <summary>Upgrade steps as SQL: index i takes a store from version i+1 to i+2.</summary>
    public static readonly string[] Upgrades = [TasksOfVersion2, MetadataOfVersion3, DocumentsOfVersion4, SearchOfVersion5, DocumentStatesOfVersion6];
}
