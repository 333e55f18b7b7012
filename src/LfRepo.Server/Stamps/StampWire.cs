using LfRepo.Server.Metadata;

namespace LfRepo.Server.Stamps;

/// <summary>A stamp as the wire shows it (the spec's <c>Stamp</c>): no image bytes, they come from the Image sub-resource.</summary>
public sealed record Stamp(int Id, string Name, bool IsPublic, string? Owner, string? CustomData, int ImageWidth, int ImageHeight);

/// <summary>Body of UpdateStamp: null members are left unchanged; the image cannot change after creation.</summary>
public sealed record UpdateStampRequest
{
    public string? Name { get; init; }

    public string? CustomData { get; init; }
}

/// <summary>Which stamps ListStamps returns (the spec's StampScope: 0 Public, 1 Personal, 2 All).</summary>
public enum StampScope
{
    Public = 0,
    Personal = 1,
    All = 2,
}

public static class StampWire
{
    public static readonly WireShape<Stamp> Shape = new("Stamp", "id",
        new Member<Stamp>("id", MemberKind.Int32, s => s.Id),
        new Member<Stamp>("name", MemberKind.String, s => s.Name),
        new Member<Stamp>("isPublic", MemberKind.Boolean, s => s.IsPublic),
        new Member<Stamp>("owner", MemberKind.String, s => s.Owner),
        new Member<Stamp>("customData", MemberKind.String, s => s.CustomData),
        new Member<Stamp>("imageWidth", MemberKind.Int32, s => s.ImageWidth),
        new Member<Stamp>("imageHeight", MemberKind.Int32, s => s.ImageHeight));
}
