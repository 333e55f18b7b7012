using LfRepo.Server.OData;
using Microsoft.OData.Edm;

namespace LfRepo.Server.Documents;

/// <summary>The EDM type ListPageInfos parses <c>$select</c> against.</summary>
public static class PageInfoEdm
{
    private static readonly EdmEntityType PageInfoType = BuildType();
    private static readonly EdmEntitySet PageInfos;
    private static readonly IEdmModel Model = BuildModel(out PageInfos);

    public static readonly ListingShape ListPageInfos = new("ListPageInfos", Model, PageInfoType, PageInfos, DefaultPageSize: 150,
        Options: ["$select", "$top", "$count", "$skiptoken"]);

    private static EdmEntityType BuildType()
    {
        var type = new EdmEntityType("Laserfiche.Repository", "PageInfo");
        type.AddKeys(type.AddStructuralProperty("pageId", EdmPrimitiveTypeKind.Int64, false));
        foreach (var name in new[] { "entryId", "pageNumber", "imageRotationAngle", "imageDepth", "imageHeight", "imageWidth", "imageXResolution", "imageYResolution" })
        {
            type.AddStructuralProperty(name, EdmPrimitiveTypeKind.Int32, false);
        }
        foreach (var name in new[] { "imageDataSize", "textDataSize", "locationsDataSize", "thumbnailDataSize" })
        {
            type.AddStructuralProperty(name, EdmPrimitiveTypeKind.Int64, false);
        }
        foreach (var name in new[] { "hasImage", "hasText", "hasThumbnail", "hasWordLocations" })
        {
            type.AddStructuralProperty(name, EdmPrimitiveTypeKind.Boolean, false);
        }
        return type;
    }

    private static EdmModel BuildModel(out EdmEntitySet set)
    {
        var model = new EdmModel();
        model.AddElement(PageInfoType);
        var container = new EdmEntityContainer("Laserfiche.Repository", "Container");
        set = container.AddEntitySet("PageInfos", PageInfoType);
        model.AddElement(container);
        return model;
    }
}
