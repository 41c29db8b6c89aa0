namespace LabRpc.Diagram;

/// <summary>One event of a <see cref="MessageDiagram"/>: when (virtual ticks), on which lane, what, and for network
/// events the call it belongs to; for operations, the token the harness knows it by; for a request sent, the lane it was
/// sent toward when the harness knows it (-1 otherwise).</summary>
public sealed record DiagramEvent(long Ticks, int Lane, DiagramEventKind Kind, string Text, long CallId = 0, bool Duplicate = false, int Operation = -1, int ToLane = -1)
{
    /// <summary>Whether the verdict blames this event (drawn in red).</summary>
    public bool Blamed { get; init; }
}
