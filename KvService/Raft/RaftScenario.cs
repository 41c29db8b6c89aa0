using System.Globalization;
using System.Text.Json.Serialization;

namespace KvService.Raft;

/// <summary>
/// A generated Raft scenario: <see cref="Peers"/> peers, a client that submits <see cref="Commands"/> commands (one every
/// <see cref="CommandInterval"/>, to every live connected peer, which only a leader accepts) while the fault events run,
/// then, everything healed, one more command that must commit on every peer within the tester's bound (<c>one</c>: 10 s of virtual time).
/// </summary>
public sealed record RaftScenario : KvService.Labs.ILabScenario
{
    /// <summary>The seed of the run's simulation.</summary>
    public ulong Seed { get; init; }

    /// <summary>The number of peers: 3 or 5.</summary>
    public int Peers { get; init; } = 3;

    /// <summary>How many commands the client submits during the faults.</summary>
    public int Commands { get; init; } = 10;

    /// <summary>The virtual time between two of the client's commands.</summary>
    public TimeSpan CommandInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The fault events, in order of start, none overlapping.</summary>
    public IReadOnlyList<RaftFault> Faults { get; init; } = [];

    /// <summary>When the last fault is healed.</summary>
    [JsonIgnore]
    public TimeSpan ScheduleEnd => Faults.Count == 0 ? TimeSpan.Zero : Faults.Max(f => f.End);

    /// <summary>Throws <see cref="ArgumentException"/> when the scenario cannot be run.</summary>
    public void Validate()
    {
        if (Peers is < 1 or > 9) throw new ArgumentException($"A Raft scenario has 1 to 9 peers (got {Peers}).");
        if (Commands is < 0 or > 10_000) throw new ArgumentException($"A Raft scenario has 0 to 10,000 commands (got {Commands}).");
        if (CommandInterval <= TimeSpan.Zero) throw new ArgumentException("The command interval is more than 0.");
        ArgumentNullException.ThrowIfNull(Faults);
        foreach (var f in Faults)
        {
            if (f is null || !Enum.IsDefined(f.Kind) || f.At < TimeSpan.Zero || f.Duration <= TimeSpan.Zero || f.Peer < 0 || f.Peer >= Peers)
                throw new ArgumentException($"A fault has a kind, a start from 0, a duration above 0 and a peer of the scenario: {f}.");
        }
    }

    /// <inheritdoc/>
    public bool Equals(RaftScenario? other) =>
        other is not null && Seed == other.Seed && Peers == other.Peers && Commands == other.Commands && CommandInterval == other.CommandInterval
        && Faults.SequenceEqual(other.Faults);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Seed, Peers, Commands, CommandInterval, Faults.Count);

    /// <inheritdoc/>
    public string Summary() => ToString();

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"seed {Seed}, {Peers} peers, {Commands} commands, {Faults.Count} faults{(Faults.Count == 0 ? "" : ": " + string.Join("; ", Faults))}");
}
