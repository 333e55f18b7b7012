namespace LfRepo.Server.Tests.Infrastructure;

/// <summary>
/// SQL that turns a store written by this build back into one from before its newest migrations (store generations, annotation search, stamps,
/// annotations, task leases, document versions, records management, metadata administration, security, user areas
/// and document states), so tests can check their upgrade.
/// </summary>
public static class StoreRollback
{
    public const string BeforeNewestMigration = """
        DROP TABLE StoreGenerations;
        DELETE FROM __EFMigrationsHistory WHERE MigrationId LIKE '%_StoreGenerations';
        UPDATE SchemaInfo SET Version = Version - 1;
        DROP TABLE SearchTextPages; DROP INDEX IF EXISTS IX_SearchTextPages_Sha256;
        ALTER TABLE Annotations DROP COLUMN Text; ALTER TABLE Annotations DROP COLUMN Color; ALTER TABLE Annotations DROP COLUMN StampId;
        DELETE FROM __EFMigrationsHistory WHERE MigrationId LIKE '%_AnnotationSearch';
        UPDATE SchemaInfo SET Version = Version - 1;
        DROP TABLE Stamps;
        DELETE FROM __EFMigrationsHistory WHERE MigrationId LIKE '%_Stamps';
        UPDATE SchemaInfo SET Version = Version - 1;
        DROP TABLE Annotations; DROP TABLE AnnotationReasons;
        DELETE FROM __EFMigrationsHistory WHERE MigrationId LIKE '%_Annotations';
        UPDATE SchemaInfo SET Version = Version - 1;
        DROP TABLE TaskLeases; DROP INDEX IX_Tasks_OwnerId_Status;
        ALTER TABLE Tasks DROP COLUMN OwnerId; ALTER TABLE Tasks DROP COLUMN LeaseExpiresTicks;
        DELETE FROM __EFMigrationsHistory WHERE MigrationId LIKE '%_TaskLeases';
        UPDATE SchemaInfo SET Version = Version - 1;
        DROP TABLE DocumentVersions;
        DELETE FROM __EFMigrationsHistory WHERE MigrationId LIKE '%_DocumentVersions';
        UPDATE SchemaInfo SET Version = Version - 1;
        DROP TABLE RecordEvents; DROP TABLE RecordProperties;
        DELETE FROM __EFMigrationsHistory WHERE MigrationId LIKE '%_RecordsManagement';
        UPDATE SchemaInfo SET Version = Version - 1;
        DROP TABLE FieldDefinitionSettings; DROP TABLE TemplateDefinitionSettings; DROP TABLE TemplateFieldSettings; DROP TABLE SeededDefinitions;
        DROP INDEX IX_EntryFields_FieldId;
        DROP TABLE Trustees; DROP TABLE TrusteeMembers; DROP TABLE EntryAces; DROP TABLE EntryInheritance; DROP TABLE DefinitionAces;
        ALTER TABLE DownloadLinks DROP COLUMN UserName; ALTER TABLE DownloadLinks DROP COLUMN EntryId;
        DROP TABLE UserAreaEntries; DROP TABLE UserAreas; DROP TABLE DocumentStates; DROP TABLE CheckOutPages;
        DELETE FROM __EFMigrationsHistory WHERE MigrationId LIKE '%_AdministrationSecurityUserAreasAndDocumentState';
        UPDATE SchemaInfo SET Version = Version - 1;
        """;
}
