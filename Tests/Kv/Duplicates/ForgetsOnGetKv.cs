using KvService.Contract;
using KvService.Reference;
using LabRpc.Tests.Kv.Plain;

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
    public Server CreateServer(Node node, Persister persister) => new(new Service(new ForgettingServer(persister), KvServer.ServiceName));

    /// <inheritdoc/>
    public IKvClerk CreateClerk(Simulation simulation, IReadOnlyList<ClientEnd> servers) => new KvClerk(simulation, servers);

    /// <summary>Values and a duplicate table that a Get clears for its client.</summary>
    public sealed class ForgettingServer(Persister persister)
    {
        private readonly PlainSnapshot _state = SavedState.Load(persister);

        /// <summary>Get handler.</summary>
        public GetReply Get(GetArgs args)
        {
            if (_state.Clients.Remove(args.ClientId)) SavedState.Save(persister, _state);
            return new(_state.Values.GetValueOrDefault(args.Key, ""));
        }

        /// <summary>Put handler.</summary>
        public PutReply Put(PutArgs args)
        {
            if (_state.Clients.TryGetValue(args.ClientId, out var done) && args.Seq <= done.Seq) return new PutReply();
            _state.Values[args.Key] = args.Value;
            _state.Clients[args.ClientId] = new LastRequest(args.Seq, null);
            SavedState.Save(persister, _state);
            return new PutReply();
        }

        /// <summary>Append handler.</summary>
        public AppendReply Append(AppendArgs args)
        {
            if (_state.Clients.TryGetValue(args.ClientId, out var done) && args.Seq <= done.Seq)
                return new AppendReply(args.Seq == done.Seq ? done.OldValue ?? "" : "");
            string old = _state.Values.GetValueOrDefault(args.Key, "");
            _state.Values[args.Key] = old + args.Value;
            _state.Clients[args.ClientId] = new LastRequest(args.Seq, old);
            SavedState.Save(persister, _state);
            return new AppendReply(old);
        }
    }
}
