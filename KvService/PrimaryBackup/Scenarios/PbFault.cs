using System.Text.Json.Serialization;

namespace KvService.PrimaryBackup.Scenarios;

/// <summary>A fault event of a primary/backup scenario: what, when (virtual time from the start of the workload), for how
/// long, which clerk (for a clerk's partition) and, for <see cref="PbFaultKind.CrashBoth"/>, the gap between the two crashes.</summary>
public sealed record PbFault(PbFaultKind Kind, TimeSpan At, TimeSpan Duration, int Client = 0, TimeSpan Gap = default)
{
    /// <summary>How long after its start a <see cref="PbFaultKind.RetryAcrossFailovers"/> event crashes the primary: the
    /// time for the clerk's write to be served while its reply is lost.</summary>
    public static TimeSpan Lead { get; } = TimeSpan.FromMilliseconds(300);

    /// <summary>When the event's last effect ends.</summary>
    [JsonIgnore]
    public TimeSpan End => Kind switch
    {
        PbFaultKind.CrashBoth => At + Duration + Gap + Duration,
        PbFaultKind.RetryAcrossFailovers => At + Lead + Duration + Gap + Duration,
        _ => At + Duration,
    };

    /// <summary>Whether the event names a clerk (<see cref="Client"/>).</summary>
    [JsonIgnore]
    public bool NamesClerk => Kind is PbFaultKind.PartitionClerkPrimary or PbFaultKind.PartitionClerkBackup or PbFaultKind.SplitBrain
        or PbFaultKind.RetryAcrossFailovers;

    /// <summary>Whether the event crashes a server, cuts the view service off from a server, or cuts the primary off from
    /// its backup: such events change the view or hold back a new backup's state, and are kept apart, so that a new
    /// backup is given the state before the next one: the service cannot survive losing every server that holds the
    /// state.</summary>
    [JsonIgnore]
    public bool Sequential => Kind is not (PbFaultKind.PartitionClerkPrimary or PbFaultKind.PartitionClerkBackup);

    /// <summary>Whether the event waits a <see cref="Gap"/> between two crashes.</summary>
    [JsonIgnore]
    public bool HasGap => Kind is PbFaultKind.CrashBoth or PbFaultKind.RetryAcrossFailovers;

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Kind} at {At.TotalMilliseconds:0} ms for {Duration.TotalMilliseconds:0} ms" +
        (NamesClerk ? $" (clerk {Client})" : "") +
        (HasGap ? $", the second {Gap.TotalMilliseconds:0} ms after the first is back" : "");
}
