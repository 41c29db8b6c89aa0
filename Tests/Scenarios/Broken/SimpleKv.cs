using KvService.Contract;
using KvService.Reference;

namespace LabRpc.Tests.Scenarios.Broken;

/// <summary>
/// A small, correct KV server with the reference clerk, written so that each broken implementation next to it can break
/// it in exactly one way by overriding one hook. The suite checks that it passes, so that each broken one fails for its
/// own bug and nothing else.
/// </summary>
public class SimpleKv : IKvImplementation
{
    /// <inheritdoc/>
    public virtual string Name => "simple";

    /// <summary>What is wrong with this implementation, in one line.</summary>
    public virtual string Description => "nothing: a small correct server, and the reference clerk";

    /// <inheritdoc/>
    public Server CreateServer(IRuntime runtime, Persister persister)
    {
        var server = new Server();
        server.AddService(new Service(CreateHandlers(runtime, persister), "KvServer"));
        return server;
    }

    /// <inheritdoc/>
    public virtual IKvClerk CreateClerk(IRuntime runtime, IReadOnlyList<ClientEnd> servers) => new KvClerk(runtime, servers);

    /// <summary>The server's handlers (a broken implementation returns a subclass).</summary>
    protected virtual SimpleKvServer CreateKvServer(IRuntime runtime, Persister persister) => new(runtime, persister);

    /// <summary>The object whose methods serve the calls: <see cref="CreateKvServer"/>'s, unless a subclass serves
    /// other handlers (<see cref="AsyncKv"/>'s await).</summary>
    protected virtual object CreateHandlers(IRuntime runtime, Persister persister) => CreateKvServer(runtime, persister);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
