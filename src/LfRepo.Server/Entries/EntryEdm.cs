using LfRepo.Server.OData;
using Microsoft.OData.Edm;

namespace LfRepo.Server.Entries;

/// <summary>
/// The EDM type OData options on entries are parsed against: Entry with the members of every subtype, since
/// "properties not applicable to an entry type are ignored" on listings.
/// </summary>
public static class EntryEdm
{
    public static readonly EdmEntityType EntryType = BuildEntryType();
    public static readonly EdmEntitySet Entries;
    public static readonly IEdmModel Model = BuildModel(out Entries);

    public static readonly ListingShape ListEntries = new("ListEntries", Model, EntryType, Entries, DefaultPageSize: 150);

    public static readonly ListingShape GetEntry = new("GetEntry", Model, EntryType, Entries, DefaultPageSize: 1, Options: ["$select"]);

    private static EdmEntityType BuildEntryType()
    {
        var entryType = new EdmEntityType("Laserfiche.Repository", "Entry");
        entryType.AddKeys(entryType.AddStructuralProperty("id", EdmPrimitiveTypeKind.Int32, false));
        foreach (var name in new[] { "name", "fullPath", "folderPath", "creator", "entryType", "templateName", "volumeName", "extension", "mimeType", "targetType", "lockedBy", "checkedOutBy" })
        {
            entryType.AddStructuralProperty(name, EdmPrimitiveTypeKind.String, true);
        }
        foreach (var name in new[] { "parentId", "templateId", "rowNumber", "pageCount", "targetId", "currentVersion" })
        {
            entryType.AddStructuralProperty(name, EdmPrimitiveTypeKind.Int32, true);
        }
        entryType.AddStructuralProperty("electronicDocumentSize", EdmPrimitiveTypeKind.Int64, true);
        entryType.AddStructuralProperty("totalDocumentSize", EdmPrimitiveTypeKind.Int64, true);
        foreach (var name in new[] { "creationTime", "lastModifiedTime" })
        {
            entryType.AddStructuralProperty(name, EdmPrimitiveTypeKind.DateTimeOffset, true);
        }
        foreach (var name in new[] { "isContainer", "isLeaf", "isRecordFolder", "isUnderRecordSeries", "isElectronicDocument", "isRecord", "isCheckedOut", "isUnderVersionControl", "isLocked", "isLockedByAnotherUser", "isCheckedOutByAnotherUser" })
        {
            entryType.AddStructuralProperty(name, EdmPrimitiveTypeKind.Boolean, true);
        }
        entryType.AddStructuralProperty("templateFieldNames", new EdmCollectionTypeReference(new EdmCollectionType(EdmCoreModel.Instance.GetString(true))));
        return entryType;
    }

    private static EdmModel BuildModel(out EdmEntitySet entries)
    {
        var model = new EdmModel();
        model.AddElement(EntryType);
        var container = new EdmEntityContainer("Laserfiche.Repository", "Container");
        entries = container.AddEntitySet("Entries", EntryType);
        model.AddElement(container);
        return model;
    }
}
