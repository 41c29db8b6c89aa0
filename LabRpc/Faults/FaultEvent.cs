using System.Text.Json.Serialization;

namespace LabRpc.Faults;

/// <summary>
/// One fault of a scenario's schedule: a window of virtual time, from <see cref="At"/> for <see cref="Duration"/>, during
/// which something goes wrong. Windows may overlap. The network's windows are here (<see cref="NetworkFaultWindows"/> plays
/// them); a service adds its own kinds (a server crash, a client cut off by number) and names, in its file format, the
/// kinds it reads (<see cref="FaultJson.Kinds"/>).
/// </summary>
/// <param name="At">When the fault starts, from the start of the run.</param>
/// <param name="Duration">How long it lasts (for a crash: how long the server stays down).</param>
public abstract record FaultEvent([property: JsonPropertyOrder(-2)] TimeSpan At, [property: JsonPropertyOrder(-1)] TimeSpan Duration)
{
    /// <summary>When the window closes.</summary>
    [JsonIgnore]
    public TimeSpan End => At + Duration;

    /// <summary>What the fault does, for logs and reports.</summary>
    public abstract string Describe();

    /// <summary>The window as text: "from 1.2s for 300ms".</summary>
    protected string Window => $"from {Durations.Format(At)} for {Durations.Format(Duration)}";
}
