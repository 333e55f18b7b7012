namespace LfRepo.Server.Annotations;

/// <summary>The repository's annotation policy, section "LfRepo:Annotations".</summary>
public sealed class AnnotationOptions
{
    public const string Section = "LfRepo:Annotations";

    /// <summary>
    /// Whether every redaction must name an annotation reason (reasonId), as a repository can require; off by default,
    /// as in a new repository.
    /// </summary>
    public bool RequireRedactionReason { get; set; }
}
