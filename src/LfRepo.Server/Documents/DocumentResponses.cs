using LfRepo.Server.Api;
using LfRepo.Server.Entries;
using LfRepo.Server.OData;
using Microsoft.AspNetCore.Mvc;

namespace LfRepo.Server.Documents;

/// <summary>The answers document operations share.</summary>
public static class DocumentResponses
{
    /// <summary>200 with the document as a single entry, as the caller sees it (whether another user holds its lock or check-out).</summary>
    public static IActionResult DocumentEntity(this ControllerBase controller, string repositoryId, EntryRecord entry)
    {
        var context = $"{NextLink.Base(controller.Request)}/v2/$metadata#Repositories('{repositoryId}')/Entries/Laserfiche.Repository.Document/$entity";
        var viewer = controller.UserName();
        return new JsonBodyResult(w => EntryJson.Write(w, entry, context: context, viewer: viewer));
    }
}
