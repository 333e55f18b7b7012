namespace LfRepo.Server.Emulator;

/// <summary>Settings of the control plane under /_emulator, section "LfRepo:ControlPlane".</summary>
public sealed class ControlPlaneOptions
{
    public const string Section = "LfRepo:ControlPlane";

    /// <summary>Turns every /_emulator route off (404); <c>--no-control-plane</c>.</summary>
    public bool Disabled { get; set; }

    /// <summary>A snapshot archive to restore at start; <c>--load-snapshot FILE</c>.</summary>
    public string LoadSnapshot { get; set; } = "";
}

/// <summary>The request journal, section "LfRepo:Journal".</summary>
public sealed class JournalOptions
{
    public const string Section = "LfRepo:Journal";

    /// <summary>Requests kept; the oldest go first.</summary>
    public int Capacity { get; set; } = 10_000;
}

/// <summary>The limits profile, section "LfRepo:Limits".</summary>
public sealed class LimitsOptions
{
    public const string Section = "LfRepo:Limits";

    /// <summary><c>none</c> or <c>cloud</c>; <c>--limits</c>.</summary>
    public string Profile { get; set; } = LimitProfiles.None;
}
