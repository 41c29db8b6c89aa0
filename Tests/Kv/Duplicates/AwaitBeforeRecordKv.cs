using KvService.Contract;
using KvService.Reference;
using LabRpc.Tests.Kv.Plain;

namespace LabRpc.Tests.Kv.Duplicates;

/// <summary>
/// A server with one bug, for the suite's duplicate checks: its handlers check the duplicate table, execute, and await a
/// (virtual) disk flush before they record the request as done and save the state. A copy that arrives during the flush
/// executes again. The reference clerk.
/// </summary>
public sealed class AwaitBeforeRecordKv : IKvImplementation
{
    private static readonly TimeSpan Flush = TimeSpan.FromMilliseconds(1);

    /// <summary>Only Puts have the bug: an Append records itself before it awaits the flush.</summary>
    public bool OnlyPuts { get; init; }

    /// <inheritdoc/>
    public string Name => OnlyPuts ? "await-before-record-puts" : "await-before-record";

    /// <inheritdoc/>
    public Server CreateServer(IRuntime runtime, Persister persister) =>
        new(new Service(new FlushingServer(runtime, persister, OnlyPuts), KvServer.ServiceName));

    /// <inheritdoc/>
    public IKvClerk CreateClerk(IRuntime runtime, IReadOnlyList<ClientEnd> servers) => new KvClerk(runtime, servers);

    /// <summary>Values and a duplicate table; every write awaits a flush before it is recorded.</summary>
    public sealed class FlushingServer(IRuntime runtime, Persister persister, bool appendsRecordFirst)
    {
        private readonly PlainSnapshot _state = SavedState.Load(persister);

        /// <summary>Get handler.</summary>
        public GetReply Get(GetArgs args) => new(_state.Values.GetValueOrDefault(args.Key, ""));

        /// <summary>Put handler.</summary>
        public async Task<PutReply> Put(PutArgs args)
        {
            if (_state.Clients.TryGetValue(args.ClientId, out var done) && args.Seq <= done.Seq) return new PutReply();
            _state.Values[args.Key] = args.Value;
            await runtime.Delay(Flush);
            _state.Clients[args.ClientId] = new LastRequest(args.Seq, null);
            SavedState.Save(persister, _state);
            return new PutReply();
        }

        /// <summary>Append handler.</summary>
        public async Task<AppendReply> Append(AppendArgs args)
        {
            if (_state.Clients.TryGetValue(args.ClientId, out var done) && args.Seq <= done.Seq)
                return new AppendReply(args.Seq == done.Seq ? done.OldValue ?? "" : "");
            string old = _state.Values.GetValueOrDefault(args.Key, "");
            _state.Values[args.Key] = old + args.Value;
            if (appendsRecordFirst) _state.Clients[args.ClientId] = new LastRequest(args.Seq, old);
            await runtime.Delay(Flush);
            _state.Clients[args.ClientId] = new LastRequest(args.Seq, old);
            SavedState.Save(persister, _state);
            return new AppendReply(old);
        }
    }
}
