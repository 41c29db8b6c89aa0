using System.Text.Json.Serialization;

namespace KvService.Scenarios;

/// <summary>
/// One fault of a scenario's schedule: a window of virtual time, from <see cref="At"/> for
/// <see cref="Duration"/>, during which something goes wrong. Windows may overlap; when the schedule ends the
/// network heals and the server comes back.
/// </summary>
/// <param name="At">When the fault starts, from the start of the run.</param>
/// <param name="Duration">How long it lasts (for a crash: how long the server stays down).</param>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(UnreliableNetwork), "unreliable")]
[JsonDerivedType(typeof(LongReordering), "longReordering")]
[JsonDerivedType(typeof(DropsAndDelays), "dropsAndDelays")]
[JsonDerivedType(typeof(DuplicateRequests), "duplicates")]
[JsonDerivedType(typeof(ClientIsolation), "isolateClient")]
[JsonDerivedType(typeof(ServerCrash), "crash")]
public abstract record FaultEvent([property: JsonPropertyOrder(-2)] TimeSpan At, [property: JsonPropertyOrder(-1)] TimeSpan Duration)
{
    /// <summary>When the window closes.</summary>
    [JsonIgnore]
    public TimeSpan End => At + Duration;

    /// <summary>Which kind of fault this is, for fault mixes.</summary>
    [JsonIgnore]
    public FaultKinds Kind => this switch
    {
        UnreliableNetwork => FaultKinds.Unreliable,
        LongReordering => FaultKinds.LongReordering,
        DropsAndDelays => FaultKinds.DropsAndDelays,
        DuplicateRequests => FaultKinds.Duplicates,
        ClientIsolation => FaultKinds.ClientIsolation,
        _ => FaultKinds.Crash,
    };

    /// <summary>What the fault does, for logs and reports.</summary>
    public abstract string Describe();

    /// <summary>The window as text: "from 1.2s for 300ms".</summary>
    protected string Window => $"from {Durations.Format(At)} for {Durations.Format(Duration)}";
}
