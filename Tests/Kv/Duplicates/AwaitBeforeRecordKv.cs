using KvService.Contract;
using KvService.Reference;

namespace LabRpc.Tests.Kv.Duplicates;

/// <summary>
/// A server with one bug, for the suite's duplicate checks: its handlers check the duplicate table, execute, and await a
/// (virtual) disk flush before they record the request as done. A copy that arrives during the flush executes again.
/// The reference clerk.
/// </summary>
public sealed class AwaitBeforeRecordKv : IKvImplementation
{
    private static readonly TimeSpan Flush = TimeSpan.FromMilliseconds(1);

    /// <summary>Only Puts have the bug: an Append records itself before it awaits the flush.</summary>
    public bool OnlyPuts { get; init; }

    /// <inheritdoc/>
    public string Name => OnlyPuts ? "await-before-record-puts" : "await-before-record";

    /// <inheritdoc/>
    public Server CreateServer(Node node, Persister persister) => new(new Service(new FlushingServer(node.Simulation, OnlyPuts), KvServer.ServiceName));

    /// <inheritdoc/>
    public IKvClerk CreateClerk(Simulation simulation, IReadOnlyList<ClientEnd> servers) => new KvClerk(simulation, servers);

    /// <summary>Values and a duplicate table; every write awaits a flush before it is recorded.</summary>
    public sealed class FlushingServer(Simulation simulation, bool appendsRecordFirst)
    {
        private readonly Dictionary<string, string> _values = [];
        private readonly Dictionary<long, (long Seq, string Old)> _done = [];

        /// <summary>Get handler.</summary>
        public GetReply Get(GetArgs args) => new(_values.GetValueOrDefault(args.Key, ""));

        /// <summary>Put handler.</summary>
        public async Task<PutReply> Put(PutArgs args)
        {
            if (_done.TryGetValue(args.ClientId, out var done) && args.Seq <= done.Seq) return new PutReply();
            _values[args.Key] = args.Value;
            await simulation.Delay(Flush);
            _done[args.ClientId] = (args.Seq, "");
            return new PutReply();
        }

        /// <summary>Append handler.</summary>
        public async Task<AppendReply> Append(AppendArgs args)
        {
            if (_done.TryGetValue(args.ClientId, out var done) && args.Seq <= done.Seq) return new AppendReply(args.Seq == done.Seq ? done.Old : "");
            string old = _values.GetValueOrDefault(args.Key, "");
            _values[args.Key] = old + args.Value;
            if (appendsRecordFirst) _done[args.ClientId] = (args.Seq, old);
            await simulation.Delay(Flush);
            _done[args.ClientId] = (args.Seq, old);
            return new AppendReply(old);
        }
    }
}
