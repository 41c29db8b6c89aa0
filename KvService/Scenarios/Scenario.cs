using System.Text;
using System.Text.Json.Serialization;

namespace KvService.Scenarios;

/// <summary>
/// One fault scenario, as a plain value: the seed of the run, the workload (clients, operations per client, keys,
/// the mix of Get, Put and Append, the pause between a client's operations) and the fault schedule on the virtual
/// time line. After the schedule ends the network heals and the server comes back; every operation must return within
/// <see cref="LivenessTimeout"/> after the later of its call and that moment. The same scenario replays the same run.
/// </summary>
public sealed record Scenario : Labs.ILabScenario
{
    /// <summary>Seeds the simulation (scheduling, network faults, client ids) and the workload.</summary>
    public required ulong Seed { get; init; }

    /// <summary>How many clients run operations at once, each with its own clerk.</summary>
    public int Clients { get; init; } = 3;

    /// <summary>How many operations each client runs, one after the other.</summary>
    public int OperationsPerClient { get; init; } = 10;

    /// <summary>
    /// The number of each client's first operation: a client runs operations FirstOperation ..
    /// FirstOperation + OperationsPerClient - 1 of its workload. Shrinking raises it to drop operations from the start.
    /// </summary>
    public int FirstOperation { get; init; }

    /// <summary>How many keys the operations spread over (k0, k1, ...).</summary>
    public int Keys { get; init; } = 2;

    /// <summary>The relative weights of Get, Put and Append.</summary>
    public OperationMix Mix { get; init; } = OperationMix.Even;

    /// <summary>Before each operation a client pauses a uniform 0..this (whole milliseconds).</summary>
    public TimeSpan MaxThinkTime { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>The fault schedule: windows of virtual time in which something goes wrong.</summary>
    public IReadOnlyList<FaultEvent> Faults { get; init; } = [];

    /// <summary>Each operation must return within this after the later of its call and the end of the fault schedule.</summary>
    public TimeSpan LivenessTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>When the last fault window closes: from then on the network is reliable and the server up.</summary>
    [JsonIgnore]
    public TimeSpan ScheduleEnd => Faults.Count == 0 ? TimeSpan.Zero : Faults.Max(f => f.End);

    /// <summary>
    /// The longest a request sent during the schedule can take to reach the server (a delayed request, a held-back
    /// copy): the final reads wait this long after the last operation, so that they see what such a late request did.
    /// </summary>
    [JsonIgnore]
    public TimeSpan SettleTime => Faults.Select(f => f switch
    {
        DuplicateRequests d => d.MaxDelay > FaultDefaults.UnreliableDelay ? d.MaxDelay : FaultDefaults.UnreliableDelay,
        DropsAndDelays d => d.MaxRequestDelay,
        UnreliableNetwork => FaultDefaults.UnreliableDelay,
        _ => TimeSpan.Zero,
    }).DefaultIfEmpty(TimeSpan.Zero).Max();

    /// <summary>Clients times operations per client.</summary>
    [JsonIgnore]
    public int Operations => Clients * OperationsPerClient;

    /// <summary>
    /// The standard scenario of the benchmarks: 5 clients × 50 operations on 5 keys, labrpc's unreliable network
    /// throughout, and one crash after a request has executed.
    /// </summary>
    public static Scenario Standard(ulong seed) => new()
    {
        Seed = seed,
        Clients = 5,
        OperationsPerClient = 50,
        Keys = 5,
        Mix = OperationMix.Even,
        MaxThinkTime = TimeSpan.FromMilliseconds(60),
        Faults =
        [
            new UnreliableNetwork(TimeSpan.Zero, TimeSpan.FromSeconds(10)),
            new ServerCrash(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500), CrashMoment.AfterExecution),
        ],
    };

    /// <summary>The most clients a scenario may have.</summary>
    public const int MaxClients = 100;

    /// <summary>The most operations a client may run in one scenario.</summary>
    public const int MaxOperationsPerClient = 10_000;

    /// <summary>The most operations a scenario may have in all (clients × operations per client). The history keeps every
    /// value an operation returned, and on one key Appends make that grow with the square of their number: 10,000 Appends
    /// keep about 0.8 GB of values.</summary>
    public const int MaxOperations = 10_000;

    /// <summary>The most keys a scenario may have.</summary>
    public const int MaxKeys = 1_000;

    /// <summary>The most fault events a scenario may have.</summary>
    public const int MaxFaultEvents = 1_000;

    /// <summary>The latest a fault may start or end, and the longest liveness timeout.</summary>
    public static readonly TimeSpan MaxTime = TimeSpan.FromHours(1);

    /// <summary>The longest delay a fault may put on a request (a clerk waits for it).</summary>
    public static readonly TimeSpan MaxRequestDelay = TimeSpan.FromSeconds(1);

    /// <summary>The longest pause between a client's operations.</summary>
    public static readonly TimeSpan MaxThink = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Throws <see cref="ArgumentException"/> with a readable message if the scenario makes no sense or is beyond the
    /// documented limits (<see cref="MaxClients"/>, <see cref="MaxOperations"/>, ...), before anything runs.
    /// </summary>
    public void Validate()
    {
        if (Clients is < 1 or > MaxClients) throw new ArgumentException($"A scenario needs at least one client and at most {MaxClients} (got {Clients}).");
        if (OperationsPerClient is < 0 or > MaxOperationsPerClient)
            throw new ArgumentException($"A client runs 0 to {MaxOperationsPerClient:N0} operations (got {OperationsPerClient:N0}).");
        if ((long)Clients * OperationsPerClient > MaxOperations)
            throw new ArgumentException($"A scenario has at most {MaxOperations:N0} operations in all (got {Clients} clients × {OperationsPerClient:N0} = {(long)Clients * OperationsPerClient:N0}).");
        if (FirstOperation < 0 || FirstOperation > int.MaxValue - OperationsPerClient)
            throw new ArgumentException($"The first operation's number must be 0 or more, and leave room for the operations (got {FirstOperation}).");
        if (Keys is < 1 or > MaxKeys) throw new ArgumentException($"A scenario has 1 to {MaxKeys:N0} keys (got {Keys}).");
        ArgumentNullException.ThrowIfNull(Mix);
        Mix.Validate();
        if (MaxThinkTime < TimeSpan.Zero || MaxThinkTime > MaxThink)
            throw new ArgumentException($"The think time is 0 to {Durations.Format(MaxThink)} (got {Durations.Format(MaxThinkTime)}).");
        if (LivenessTimeout <= TimeSpan.Zero || LivenessTimeout > MaxTime)
            throw new ArgumentException($"The liveness timeout is more than 0 and at most {Durations.Format(MaxTime)} (got {Durations.Format(LivenessTimeout)}).");
        ArgumentNullException.ThrowIfNull(Faults);
        if (Faults.Count > MaxFaultEvents) throw new ArgumentException($"A scenario has at most {MaxFaultEvents:N0} fault events (got {Faults.Count:N0}).");
        foreach (var fault in Faults)
        {
            if (fault is null) throw new ArgumentException("A fault schedule cannot hold null events.");
            if (fault.At < TimeSpan.Zero || fault.Duration < TimeSpan.Zero)
                throw new ArgumentException($"A fault cannot start or last a negative time: {fault.Describe()}.");
            if (fault.At > MaxTime || fault.Duration > MaxTime)
                throw new ArgumentException($"A fault starts and lasts at most {Durations.Format(MaxTime)}: {fault.Describe()}.");
            if (fault is ServerCrash { Write: < 1 or > 100 } w)
                throw new ArgumentException($"A crash's persister call number is 1 to 100 (got {w.Write}): {fault.Describe()}.");
            if (fault is DuplicateRequests { MaxDelay: var late } && (late < TimeSpan.Zero || late > MaxThink))
                throw new ArgumentException($"A duplicate's delay is 0 to {Durations.Format(MaxThink)}: {fault.Describe()}.");
            if (fault is ClientIsolation c && (c.Client < 0 || c.Client >= Clients))
                throw new ArgumentException($"Client {c.Client} does not exist (the scenario has {Clients}): {fault.Describe()}.");
            if (fault is DropsAndDelays d && !(Rate(d.RequestDropRate) && Rate(d.ReplyDropRate) && d.MaxRequestDelay >= TimeSpan.Zero && d.MaxRequestDelay <= MaxRequestDelay))
                throw new ArgumentException($"Drop rates must be within 0..1 and request delays within 0..{Durations.Format(MaxRequestDelay)} (a clerk waits for a delayed request: a longer one would fail a correct implementation on liveness): {fault.Describe()}.");
            if (fault is DuplicateRequests r && !Rate(r.Rate))
                throw new ArgumentException($"A duplicate rate must be within 0..1: {fault.Describe()}.");
        }

        static bool Rate(double p) => p is >= 0 and <= 1;
    }

    /// <summary>One line: the seed and the size of the scenario.</summary>
    public string Summary() =>
        $"seed {Seed}: {Clients} client{S(Clients)} × {OperationsPerClient} operation{S(OperationsPerClient)}" +
        (FirstOperation > 0 ? $" (from number {FirstOperation})" : "") + $" on {Keys} key{S(Keys)} " +
        $"({Mix}), {Faults.Count} fault event{S(Faults.Count)}";

    /// <summary>Several lines: the summary, then each fault event.</summary>
    public string Describe()
    {
        var text = new StringBuilder(Summary());
        text.Append($"; think time up to {Durations.Format(MaxThinkTime)}, liveness timeout {Durations.Format(LivenessTimeout)}");
        foreach (var fault in Faults.OrderBy(f => f.At)) text.Append("\n  - ").Append(fault.Describe());
        return text.ToString();
    }

    /// <inheritdoc/>
    public bool Equals(Scenario? other) =>
        other is not null && Seed == other.Seed && Clients == other.Clients && OperationsPerClient == other.OperationsPerClient
        && FirstOperation == other.FirstOperation && Keys == other.Keys && Mix == other.Mix && MaxThinkTime == other.MaxThinkTime && LivenessTimeout == other.LivenessTimeout
        && Faults.SequenceEqual(other.Faults);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Seed, Clients, OperationsPerClient, Keys, Mix, MaxThinkTime, Faults.Count);

    /// <inheritdoc/>
    public override string ToString() => Summary();

    private static string S(int n) => n == 1 ? "" : "s";
}
