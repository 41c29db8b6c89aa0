namespace LabRpc.Diagram;

/// <summary>An arrow of a <see cref="MessageDiagram"/>: from one event to another (or to nowhere, when it was lost).</summary>
/// <param name="From">The index of the event that sent it.</param>
/// <param name="To">The index of the event that received it; -1 when it never arrived.</param>
/// <param name="ToLane">The lane it was going to (for a lost one, where it would have arrived).</param>
/// <param name="Kind">"request" or "reply".</param>
/// <param name="Fate">"delivered", "duplicate" (a copy), "held" (delivered late), "dropped", or "lost" (the server died or the end was cut).</param>
public sealed record DiagramMessage(int From, int To, int ToLane, string Kind, string Fate);
