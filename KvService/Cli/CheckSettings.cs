using KvService.Scenarios;

namespace KvService.Cli;

/// <summary>What the <c>check</c> command was asked to do.</summary>
public sealed record CheckSettings
{
    /// <summary>The scenarios to run.</summary>
    public SweepOptions Sweep { get; init; } = new();

    /// <summary>Where to write the sweep's summary (<see cref="SweepSummary"/>), or null.</summary>
    public string? Summary { get; init; }

    /// <summary>The implementation as named on the command line; null: <c>LABRPC_KV_IMPL</c>, else the reference.</summary>
    public string? Implementation { get; init; }

    /// <summary>Where to write a failure's artifacts; null: failures/&lt;implementation&gt;-&lt;seed&gt; in the current folder.</summary>
    public string? Output { get; init; }

    /// <summary>Shrink the first failing scenario before reporting it.</summary>
    public bool Shrink { get; init; } = true;
}
