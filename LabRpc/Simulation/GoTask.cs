namespace LabRpc;

/// <summary>A task started with <see cref="Simulation.Go"/>: its name, node, start time and body (for what is pending, and
/// for naming the step that starts it).</summary>
internal sealed record GoTask(string? Name, NodeContext Context, long StartedTicks, Func<Task> Body);
