using System.Text.Json.Serialization;

namespace KvService.Scenarios;

/// <summary>
/// The server crashes (at <see cref="FaultEvent.At"/>, or at the first matching moment of a request after it) and
/// restarts from its persister <see cref="FaultEvent.Duration"/> later. A crash still waiting for its moment when
/// the schedule ends does not happen.
/// </summary>
/// <param name="At">When the crash happens, or from when it waits for its moment.</param>
/// <param name="Duration">How long the server stays down.</param>
/// <param name="Moment">When exactly, relative to the requests the server serves.</param>
/// <param name="Write">For <see cref="CrashMoment.BeforeWrite"/> and <see cref="CrashMoment.AfterWrite"/>: which persister
/// call of a request (1 for its first; 1 if left out).</param>
public sealed record ServerCrash(TimeSpan At, TimeSpan Duration, CrashMoment Moment, int? Write = null) : FaultEvent(At, Duration)
{
    /// <summary>The persister call a write moment waits for: <see cref="Write"/>, or 1.</summary>
    [JsonIgnore]
    public int WriteNumber => Write ?? 1;

    /// <inheritdoc/>
    public override string Describe() => Moment switch
    {
        CrashMoment.AtTime => $"server crashes at {Durations.Format(At)}, down for {Durations.Format(Duration)}",
        CrashMoment.OnArrival => $"server crashes when a request arrives after {Durations.Format(At)}, down for {Durations.Format(Duration)}",
        CrashMoment.AfterExecution => $"server crashes after executing a request (before replying) after {Durations.Format(At)}, down for {Durations.Format(Duration)}",
        CrashMoment.BeforeWrite => $"server crashes just before persister call {WriteNumber} of a request after {Durations.Format(At)}, down for {Durations.Format(Duration)}",
        CrashMoment.AfterWrite => $"server crashes just after persister call {WriteNumber} of a request after {Durations.Format(At)}, down for {Durations.Format(Duration)}",
        _ => $"server crashes just after a reply leaves after {Durations.Format(At)}, down for {Durations.Format(Duration)}",
    };
}
