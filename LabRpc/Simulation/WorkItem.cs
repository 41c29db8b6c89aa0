namespace LabRpc;

/// <summary>Something to run on a node: a posted continuation or an internal callback.</summary>
internal readonly struct WorkItem(NodeContext context, object callback, object? state, long tag)
{
    public readonly NodeContext Context = context;
    public readonly object Callback = callback;
    public readonly object? State = state;
    public readonly long Tag = tag;

    public void Invoke()
    {
        if (Callback is SimCallback sim) sim(State, Tag);
        else ((SendOrPostCallback)Callback)(State);
    }
}
