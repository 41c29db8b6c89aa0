using System.Globalization;
using System.Text.Json.Serialization;
using LabRpc;

namespace KvService.PrimaryBackup.Scenarios;

/// <summary>
/// A primary/backup fault scenario, a plain value: the seed (of the simulation and the workload), servers, clients,
/// operations per client, keys, the pause between a client's operations, whether labrpc's unreliable network runs
/// throughout, and the fault events.
/// </summary>
public sealed record PbScenario : Labs.ILabScenario
{
    /// <summary>The seed of the simulation and of the workload.</summary>
    public ulong Seed { get; init; }

    /// <summary>Primary/backup servers (2 or 3).</summary>
    public int Servers { get; init; } = 3;

    /// <summary>Concurrent clerks.</summary>
    public int Clients { get; init; } = 2;

    /// <summary>Operations of each clerk.</summary>
    public int OperationsPerClient { get; init; } = 10;

    /// <summary>Keys the operations use.</summary>
    public int Keys { get; init; } = 2;

    /// <summary>The longest pause between two operations of a clerk.</summary>
    public TimeSpan MaxThinkTime { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>labrpc's unreliable network on every link throughout.</summary>
    public bool Unreliable { get; init; }

    /// <summary>The fault events.</summary>
    public IReadOnlyList<PbFault> Faults { get; init; } = [];

    /// <summary>How long after the later of its call and the end of the faults an operation may take.</summary>
    public TimeSpan LivenessTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>When the last fault ends.</summary>
    [JsonIgnore]
    public TimeSpan ScheduleEnd => Faults.Count == 0 ? TimeSpan.Zero : Faults.Max(f => f.End);

    /// <summary>The most servers a scenario may have.</summary>
    public const int MaxServers = 5;

    /// <summary>The most clerks a scenario may have.</summary>
    public const int MaxClients = 100;

    /// <summary>The most operations a scenario may have in all.</summary>
    public const int MaxOperations = 10_000;

    /// <summary>The most keys a scenario may use.</summary>
    public const int MaxKeys = 1_000;

    /// <summary>The most fault events a scenario may have.</summary>
    public const int MaxFaultEvents = 1_000;

    /// <summary>The latest a fault may start, the longest it (or a gap) may last, and the longest liveness timeout.</summary>
    public static TimeSpan MaxTime { get; } = TimeSpan.FromHours(1);

    /// <summary>The longest pause between a clerk's operations.</summary>
    public static TimeSpan MaxThink { get; } = TimeSpan.FromSeconds(10);

    /// <summary>Throws <see cref="ArgumentException"/> with a readable message if the scenario makes no sense or is beyond
    /// the limits (<see cref="MaxServers"/>, <see cref="MaxClients"/>, ...), before anything runs.</summary>
    public void Validate()
    {
        if (Servers is < 2 or > MaxServers) throw new ArgumentException($"A primary/backup scenario has 2 to {MaxServers} servers (got {Servers}).");
        if (Clients is < 1 or > MaxClients) throw new ArgumentException($"A scenario needs at least one clerk and at most {MaxClients} (got {Clients}).");
        if (OperationsPerClient < 0 || (long)Clients * OperationsPerClient > MaxOperations)
            throw new ArgumentException($"A scenario has 0 to {MaxOperations:N0} operations in all (got {Clients} clerks × {OperationsPerClient:N0}).");
        if (Keys is < 1 or > MaxKeys) throw new ArgumentException($"A scenario has 1 to {MaxKeys:N0} keys (got {Keys}).");
        if (MaxThinkTime < TimeSpan.Zero || MaxThinkTime > MaxThink)
            throw new ArgumentException($"The think time is 0 to {Durations.Format(MaxThink)} (got {Durations.Format(MaxThinkTime)}).");
        if (LivenessTimeout <= TimeSpan.Zero || LivenessTimeout > MaxTime)
            throw new ArgumentException($"The liveness timeout is more than 0 and at most {Durations.Format(MaxTime)} (got {Durations.Format(LivenessTimeout)}).");
        ArgumentNullException.ThrowIfNull(Faults);
        if (Faults.Count > MaxFaultEvents) throw new ArgumentException($"A scenario has at most {MaxFaultEvents:N0} fault events (got {Faults.Count:N0}).");
        foreach (var fault in Faults)
        {
            if (fault is null) throw new ArgumentException("The faults cannot hold null events.");
            if (!Enum.IsDefined(fault.Kind)) throw new ArgumentException($"Fault kind {(int)fault.Kind} does not exist.");
            if (fault.At < TimeSpan.Zero || fault.At > MaxTime || fault.Duration <= TimeSpan.Zero || fault.Duration > MaxTime || fault.Gap < TimeSpan.Zero || fault.Gap > MaxTime)
                throw new ArgumentException($"A fault starts within 0 to {Durations.Format(MaxTime)}, lasts more than 0 and at most that, and waits a gap of 0 to that: {fault}.");
            if (fault.Client < 0 || fault.Client >= Clients)
                throw new ArgumentException($"Clerk {fault.Client} does not exist (the scenario has {Clients}, numbered from 0): {fault}.");
            if (fault.Rate is < 0 or > 1 or double.NaN || fault.MaxDelay < TimeSpan.Zero || fault.MaxDelay > MaxTime || fault.Timeout < TimeSpan.Zero || fault.Timeout > MaxTime)
                throw new ArgumentException($"A rate is 0 to 1, and a delay or timeout 0 to {Durations.Format(MaxTime)}: {fault}.");
            if (fault.Kind == PbFaultKind.DuplicateRequests && fault.Rate <= 0)
                throw new ArgumentException($"Duplicated requests need a rate above 0: {fault}.");
            if (fault.Kind == PbFaultKind.ClerkTimeouts && (fault.Timeout <= TimeSpan.Zero || fault.MaxDelay <= fault.Timeout))
                throw new ArgumentException($"Clerk timeouts need a timeout above 0 and a longer delay (maxDelay), or no request would arrive late: {fault}.");
            if (fault.AtMoment && (fault.Moment == KvService.Scenarios.CrashMoment.AtTime || !Enum.IsDefined(fault.Moment) || fault.Write < 1))
                throw new ArgumentException($"A crash at a moment names one (onArrival, afterExecution, afterReply, beforeWrite, afterWrite), and a persister call from 1: {fault}.");
        }
    }

    /// <inheritdoc/>
    public bool Equals(PbScenario? other) =>
        other is not null && Seed == other.Seed && Servers == other.Servers && Clients == other.Clients && OperationsPerClient == other.OperationsPerClient
        && Keys == other.Keys && MaxThinkTime == other.MaxThinkTime && Unreliable == other.Unreliable && LivenessTimeout == other.LivenessTimeout
        && Faults.SequenceEqual(other.Faults);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Seed, Servers, Clients, OperationsPerClient, Keys, MaxThinkTime, Faults.Count);

    /// <summary>The scenario in one line (as <see cref="ToString"/>).</summary>
    public string Summary() => ToString();

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"seed {Seed}, {Servers} servers, {Clients} clients × {OperationsPerClient} ops, {Keys} keys, {(Unreliable ? "unreliable" : "reliable")}, " +
        $"{Faults.Count} faults{(Faults.Count == 0 ? "" : ": " + string.Join("; ", Faults))}");
}
