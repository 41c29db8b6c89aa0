using LabRpc;

namespace KvService.Real;

/// <summary>
/// A real run (<c>chaos</c>): how many clerks, for how long, and the faults — the server killed with SIGKILL and
/// restarted, and a proxy between the clerks and the server that delays, drops and cuts. The defaults make a run of
/// about 15 seconds that kills the server several times and loses a few percent of the messages.
/// </summary>
public sealed record ChaosOptions
{
    /// <summary>The implementation, as <c>--impl</c> names it (the server process loads it by this name).</summary>
    public string Implementation { get; init; } = "reference";

    /// <summary>Clerks running at once, each on its own real node and TCP connection.</summary>
    public int Clients { get; init; } = 4;

    /// <summary>How long the clerks run with the faults on. Then the faults stop and every operation must finish.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Keys the clerks use.</summary>
    public int Keys { get; init; } = 5;

    /// <summary>Seeds every choice of the run: the clerks' operations, the moments of the kills, the proxy's faults.
    /// (Timing is real, so a run is not replayable; the seed is for telling runs apart and varying them.)</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Time from a start of the server to its next kill: a uniform draw in this range, and not before it has answered an
    /// operation. Null: the server is never killed.</summary>
    public (TimeSpan Min, TimeSpan Max)? KillEvery { get; init; } = (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));

    /// <summary>How long the server stays dead after a kill: a uniform draw in this range.</summary>
    public (TimeSpan Min, TimeSpan Max) Down { get; init; } = (TimeSpan.Zero, TimeSpan.FromMilliseconds(500));

    /// <summary>What the proxy does to frames; null runs without a proxy (the clerks connect to the server directly).</summary>
    public FaultProxyOptions? Proxy { get; init; } = new()
    {
        DelayRate = 0.1,
        MaxDelay = TimeSpan.FromMilliseconds(20),
        RequestDropRate = 0.03,
        ReplyDropRate = 0.03,
        CutRate = 0.002,
    };

    /// <summary>Time between partitions of the clerks from the server (at the proxy): a uniform draw. Null: none.</summary>
    public (TimeSpan Min, TimeSpan Max)? PartitionEvery { get; init; } = (TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5));

    /// <summary>How long a partition lasts: a uniform draw in this range.</summary>
    public (TimeSpan Min, TimeSpan Max) PartitionFor { get; init; } = (TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(800));

    /// <summary>A clerk's pause between two operations: a uniform draw in this range (keeps the history checkable).</summary>
    public (TimeSpan Min, TimeSpan Max) Think { get; init; } = (TimeSpan.Zero, TimeSpan.FromMilliseconds(10));

    /// <summary>How long a clerk's call waits for an answer before it counts as lost (the clerk then retries).</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Once the faults stop, how long each operation under way may take to finish before it is a liveness violation.</summary>
    public TimeSpan LivenessTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the linearizability checker may take; null for no limit.</summary>
    public TimeSpan? CheckTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Where the run writes its files (history picture, history, log, verdict) and keeps the server's data.</summary>
    public required string Folder { get; init; }
}
