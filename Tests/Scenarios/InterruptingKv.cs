using KvService.Contract;

namespace LabRpc.Tests.Scenarios;

/// <summary>Another implementation that cancels <see cref="Interrupt"/> when its <c>servers</c>-th server is created: a
/// Ctrl-C in the middle of a sweep, at a point that does not depend on the machine's speed.</summary>
internal sealed class InterruptingKv(IKvImplementation inner, int servers) : IKvImplementation
{
    private int _created;

    /// <summary>Cancelled when the server is created for the given time.</summary>
    public CancellationTokenSource Interrupt { get; } = new();

    /// <summary>How many servers were created so far.</summary>
    public int Created => Volatile.Read(ref _created);

    /// <inheritdoc/>
    public string Name => inner.Name;

    /// <inheritdoc/>
    public Server CreateServer(IRuntime runtime, Persister persister)
    {
        if (Interlocked.Increment(ref _created) == servers) Interrupt.Cancel();
        return inner.CreateServer(runtime, persister);
    }

    /// <inheritdoc/>
    public IKvClerk CreateClerk(IRuntime runtime, IReadOnlyList<ClientEnd> servers) => inner.CreateClerk(runtime, servers);
}
