using System.Text.Json;
using KvService.Contract;
using KvService.Reference;
using LabRpc.Tests.Kv.Plain;

namespace LabRpc.Tests.Kv.Slow;

/// <summary>
/// A correct implementation that is slow: its server saves its whole state (values and duplicate table, as JSON) on every
/// Put and Append, so each request costs time in proportion to the store. With 100,000 clients it would take hours; the
/// suite's time limit must stop it with a message. The reference clerk.
/// </summary>
public sealed class SavesWholeStateKv : IKvImplementation
{
    /// <inheritdoc/>
    public string Name => "saves-whole-state";

    /// <inheritdoc/>
    public Server CreateServer(IRuntime runtime, Persister persister) => new(new Service(new WholeStateServer(persister), KvServer.ServiceName));

    /// <inheritdoc/>
    public IKvClerk CreateClerk(IRuntime runtime, IReadOnlyList<ClientEnd> servers) => new KvClerk(runtime, servers);

    /// <summary>Values and a duplicate table, all saved after every write.</summary>
    public sealed class WholeStateServer
    {
        private readonly Persister _persister;
        private readonly PlainSnapshot _state;

        /// <summary>A server that starts from the state <paramref name="persister"/> holds.</summary>
        public WholeStateServer(Persister persister)
        {
            _persister = persister;
            byte[] saved = persister.ReadState();
            _state = saved.Length == 0 ? new PlainSnapshot([], []) : JsonSerializer.Deserialize<PlainSnapshot>(saved)!;
        }

        /// <summary>Get handler.</summary>
        public GetReply Get(GetArgs args) => new(_state.Values.GetValueOrDefault(args.Key, ""));

        /// <summary>Put handler.</summary>
        public PutReply Put(PutArgs args)
        {
            if (_state.Clients.TryGetValue(args.ClientId, out var last) && args.Seq <= last.Seq) return new PutReply();
            _state.Values[args.Key] = args.Value;
            _state.Clients[args.ClientId] = new LastRequest(args.Seq, null);
            _persister.SaveState(JsonSerializer.SerializeToUtf8Bytes(_state));
            return new PutReply();
        }

        /// <summary>Append handler.</summary>
        public AppendReply Append(AppendArgs args)
        {
            if (_state.Clients.TryGetValue(args.ClientId, out var last) && args.Seq <= last.Seq) return new AppendReply(args.Seq == last.Seq ? last.OldValue ?? "" : "");
            string old = _state.Values.GetValueOrDefault(args.Key, "");
            _state.Values[args.Key] = old + args.Value;
            _state.Clients[args.ClientId] = new LastRequest(args.Seq, old);
            _persister.SaveState(JsonSerializer.SerializeToUtf8Bytes(_state));
            return new AppendReply(old);
        }
    }
}
