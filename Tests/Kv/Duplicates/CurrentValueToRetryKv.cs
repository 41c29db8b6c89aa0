using KvService.Contract;
using KvService.Reference;
using LabRpc.Tests.Kv.Plain;

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
    public Server CreateServer(IRuntime runtime, Persister persister) => new(new Service(new SeqOnlyServer(persister), KvServer.ServiceName));

    /// <inheritdoc/>
    public IKvClerk CreateClerk(IRuntime runtime, IReadOnlyList<ClientEnd> servers) => new KvClerk(runtime, servers);

    /// <summary>Values and the latest sequence number per client.</summary>
    public sealed class SeqOnlyServer(Persister persister)
    {
        private readonly PlainSnapshot _state = SavedState.Load(persister);

        /// <summary>Get handler.</summary>
        public GetReply Get(GetArgs args) => new(_state.Values.GetValueOrDefault(args.Key, ""));

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
            string current = _state.Values.GetValueOrDefault(args.Key, "");
            if (_state.Clients.TryGetValue(args.ClientId, out var done) && args.Seq <= done.Seq) return new AppendReply(current);
            _state.Values[args.Key] = current + args.Value;
            _state.Clients[args.ClientId] = new LastRequest(args.Seq, null);
            SavedState.Save(persister, _state);
            return new AppendReply(current);
        }
    }
}
