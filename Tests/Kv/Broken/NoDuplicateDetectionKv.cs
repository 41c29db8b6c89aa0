using KvService.Contract;
using KvService.Reference;

namespace LabRpc.Tests.Kv.Broken;

/// <summary>
/// A deliberately broken KV implementation: the reference clerk, and a server that executes every request it receives,
/// retries included (no client table). On a reliable network it is correct; on an unreliable one an append whose reply
/// was lost is applied again when the clerk retries. The suite must catch it.
/// </summary>
public sealed class NoDuplicateDetectionKv : IKvImplementation
{
    /// <inheritdoc/>
    public string Name => "no-duplicate-detection";

    /// <inheritdoc/>
    public Server CreateServer(IRuntime runtime, Persister persister)
    {
        var server = new Server();
        server.AddService(new Service(new ForgetfulServer(), KvServer.ServiceName));
        return server;
    }

    /// <inheritdoc/>
    public IKvClerk CreateClerk(IRuntime runtime, IReadOnlyList<ClientEnd> servers) => new KvClerk(runtime, servers);

    /// <summary>Executes whatever arrives.</summary>
    public sealed class ForgetfulServer
    {
        private readonly Dictionary<string, string> _values = [];

        public GetReply Get(GetArgs args) => new(_values.GetValueOrDefault(args.Key, ""));

        public PutReply Put(PutArgs args)
        {
            _values[args.Key] = args.Value;
            return new PutReply();
        }

        public AppendReply Append(AppendArgs args)
        {
            string old = _values.GetValueOrDefault(args.Key, "");
            _values[args.Key] = old + args.Value;
            return new AppendReply(old);
        }
    }
}
