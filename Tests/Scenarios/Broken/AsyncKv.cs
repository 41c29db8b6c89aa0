namespace LabRpc.Tests.Scenarios.Broken;

/// <summary>
/// <see cref="SimpleKv"/> with async handlers: the server waits for its disk to flush (in virtual time) after each
/// write before it replies. Still correct; the broken implementations that need an await break it in one way each.
/// </summary>
public class AsyncKv : SimpleKv
{
    /// <inheritdoc/>
    public override string Name => "simple-async";

    /// <inheritdoc/>
    public override string Description => "nothing: a small correct server whose handlers await the disk, and the reference clerk";

    /// <inheritdoc/>
    protected sealed override object CreateHandlers(IRuntime runtime, Persister persister) => CreateAsyncServer(runtime, persister);

    /// <summary>The server's handlers (a broken implementation returns a subclass).</summary>
    protected virtual AsyncKvServer CreateAsyncServer(IRuntime runtime, Persister persister) => new(runtime, persister);
}
