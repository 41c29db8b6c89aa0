using KvService.Contract;
using KvService.Reference;

namespace LabRpc.Tests.Kv.Duplicates;

/// <summary>
/// A server with one bug, for the suite's duplicate checks: it remembers each client's latest sequence number but not the
/// old value an Append returned, and answers a copy of that Append with the key's current value. The values stay right;
/// the reply to the retry is wrong once another client has written the key. The reference clerk.
/// </summary>
public sealed class CurrentValueToRetryKv : IKvImplementation
{
    /// <inheritdoc/>
    public string Name => "current-value-to-retry";

    /// <inheritdoc/>
    public Server CreateServer(Node node, Persister persister) => new(new Service(new SeqOnlyServer(), KvServer.ServiceName));

    /// <inheritdoc/>
    public IKvClerk CreateClerk(Simulation simulation, IReadOnlyList<ClientEnd> servers) => new KvClerk(simulation, servers);

    /// <summary>Values and the latest sequence number per client.</summary>
    public sealed class SeqOnlyServer
    {
        private readonly Dictionary<string, string> _values = [];
        private readonly Dictionary<long, long> _seqs = [];

        /// <summary>Get handler.</summary>
        public GetReply Get(GetArgs args) => new(_values.GetValueOrDefault(args.Key, ""));

        /// <summary>Put handler.</summary>
        public PutReply Put(PutArgs args)
        {
            if (_seqs.TryGetValue(args.ClientId, out long seq) && args.Seq <= seq) return new PutReply();
            _values[args.Key] = args.Value;
            _seqs[args.ClientId] = args.Seq;
            return new PutReply();
        }

        /// <summary>Append handler.</summary>
        public AppendReply Append(AppendArgs args)
        {
            string current = _values.GetValueOrDefault(args.Key, "");
            if (_seqs.TryGetValue(args.ClientId, out long seq) && args.Seq <= seq) return new AppendReply(current);
            _values[args.Key] = current + args.Value;
            _seqs[args.ClientId] = args.Seq;
            return new AppendReply(current);
        }
    }
}
