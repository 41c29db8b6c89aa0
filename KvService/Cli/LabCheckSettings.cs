using KvService.Labs;

namespace KvService.Cli;

/// <summary>What <c>check</c> runs for any lab and how it reports: the sweep's range, how the implementation was named,
/// where a failure's artifacts go, whether it is shrunk, and the lab's words for the command line.</summary>
public sealed record LabCheckSettings
{
    /// <summary>The scenarios to run.</summary>
    public SweepRange Range { get; init; } = new();

    /// <summary>How the scenario file names the implementation, so that replay finds it from any folder.</summary>
    public string Spec { get; init; } = "reference";

    /// <summary>Where to write a failure's artifacts; the lab's default folder if null.</summary>
    public string? Output { get; init; }

    /// <summary>Whether a failure is shrunk before it is reported.</summary>
    public bool Shrink { get; init; } = true;

    /// <summary>What the sweep draws, in a few words, for the first line ("faults all; 1-5 clients × ...").</summary>
    public string Space { get; init; } = "";

    /// <summary>The command that runs <c>count</c> scenarios of the same sweep from number <c>first</c> on.</summary>
    public Func<int, int, string> Resume { get; init; } = (first, count) => $"check --from {first} -n {count}";
}
