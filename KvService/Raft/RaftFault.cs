using System.Globalization;
using LabRpc.Faults;

namespace KvService.Raft;

/// <summary>One fault event of a Raft scenario: <paramref name="Kind"/> from <paramref name="At"/> (virtual time since the
/// run began) for <paramref name="Duration"/>, aimed at the leader of the moment or, without one, at <paramref name="Peer"/>.</summary>
/// <param name="Kind">What the event does.</param>
/// <param name="At">When it starts.</param>
/// <param name="Duration">How long it lasts before it is healed.</param>
/// <param name="Peer">The peer it aims at when there is no leader.</param>
public sealed record RaftFault(RaftFaultKind Kind, TimeSpan At, TimeSpan Duration, int Peer)
{
    /// <summary>When the event is healed.</summary>
    public TimeSpan End => At + Duration;

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Kind} at {Durations.Format(At)} for {Durations.Format(Duration)} (peer {Peer})");
}
