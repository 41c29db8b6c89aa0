using KvService.Contract;
using KvService.Reference;

namespace LabRpc.Tests.Kv.Duplicates;

/// <summary>
/// A server with one bug, for the suite's duplicate checks: it forgets a client's duplicate-table entry when a Get of that
/// client arrives ("a newer request: the old one is done"), so a late copy of the client's last Put or Append executes
/// again. The reference clerk.
/// </summary>
public sealed class ForgetsOnGetKv : IKvImplementation
{
    /// <inheritdoc/>
    public string Name => "forgets-on-get";

    /// <inheritdoc/>
    public Server CreateServer(Node node, Persister persister) => new(new Service(new ForgettingServer(), KvServer.ServiceName));

    /// <inheritdoc/>
    public IKvClerk CreateClerk(Simulation simulation, IReadOnlyList<ClientEnd> servers) => new KvClerk(simulation, servers);

    /// <summary>Values and a duplicate table that a Get clears for its client.</summary>
    public sealed class ForgettingServer
    {
        private readonly Dictionary<string, string> _values = [];
        private readonly Dictionary<long, (long Seq, string Old)> _done = [];

        /// <summary>Get handler.</summary>
        public GetReply Get(GetArgs args)
        {
            _done.Remove(args.ClientId);
            return new(_values.GetValueOrDefault(args.Key, ""));
        }

        /// <summary>Put handler.</summary>
        public PutReply Put(PutArgs args)
        {
            if (_done.TryGetValue(args.ClientId, out var done) && args.Seq <= done.Seq) return new PutReply();
            _values[args.Key] = args.Value;
            _done[args.ClientId] = (args.Seq, "");
            return new PutReply();
        }

        /// <summary>Append handler.</summary>
        public AppendReply Append(AppendArgs args)
        {
            if (_done.TryGetValue(args.ClientId, out var done) && args.Seq <= done.Seq) return new AppendReply(args.Seq == done.Seq ? done.Old : "");
            string old = _values.GetValueOrDefault(args.Key, "");
            _values[args.Key] = old + args.Value;
            _done[args.ClientId] = (args.Seq, old);
            return new AppendReply(old);
        }
    }
}
