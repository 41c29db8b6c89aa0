using System.Globalization;
using System.Text.Json;
using KvService.Contract;

namespace LabRpc.Tests.Scenarios.Broken;

/// <summary>
/// Bug: the server forgets a client's duplicate-table entry when a later Put of that client arrives, and keeps none for
/// the Put (writing the same value again looks harmless). An old copy of that client's earlier Append that arrives after
/// the Put executes again, and a retried Put executes again after other clients' writes. Only a message held back past a
/// later one, or a retry overtaken by another client, shows it.
/// </summary>
public sealed class ForgetsClientOnPutKv : SimpleKv
{
    /// <inheritdoc/>
    public override string Name => "forgets-client-on-put";

    /// <inheritdoc/>
    public override string Description =>
        "forgets a client's duplicate-table entry when a later Put of that client arrives: an old copy of its Append arriving later executes again";

    /// <inheritdoc/>
    protected override object CreateHandlers(IRuntime runtime, Persister persister) => new Server(persister);

    /// <summary>As <see cref="SimpleKvServer"/> (its saved state too), but for what a Put does to the duplicate table.</summary>
    public sealed class Server
    {
        private readonly Persister _persister;
        private readonly Dictionary<string, string> _values;
        private readonly Dictionary<long, SimpleKvServer.Entry> _done;

        /// <summary>Loads what <paramref name="persister"/> holds.</summary>
        public Server(Persister persister)
        {
            _persister = persister;
            var saved = persister.ReadState();
            var state = saved.Length == 0 ? new SimpleKvServer.SavedState() : JsonSerializer.Deserialize<SimpleKvServer.SavedState>(saved)!;
            _values = state.Values;
            _done = state.Done.ToDictionary(kv => long.Parse(kv.Key, CultureInfo.InvariantCulture), kv => kv.Value);
        }

        /// <summary>Get handler (Gets are not remembered).</summary>
        public GetReply Get(GetArgs args) => new(_values.GetValueOrDefault(args?.Key ?? "", ""));

        /// <summary>Put handler.</summary>
        public PutReply Put(PutArgs args)
        {
            ArgumentNullException.ThrowIfNull(args);
            if (_done.TryGetValue(args.ClientId, out var entry) && args.Seq <= entry.Seq) return new PutReply();
            _values[args.Key] = args.Value;
            _done.Remove(args.ClientId); // the bug: the client's earlier Append may still have a copy on its way
            Save();
            return new PutReply();
        }

        /// <summary>Append handler.</summary>
        public AppendReply Append(AppendArgs args)
        {
            ArgumentNullException.ThrowIfNull(args);
            if (_done.TryGetValue(args.ClientId, out var entry) && args.Seq <= entry.Seq) return new AppendReply(args.Seq == entry.Seq ? entry.Reply : "");
            var old = _values.GetValueOrDefault(args.Key, "");
            _values[args.Key] = old + args.Value;
            _done[args.ClientId] = new SimpleKvServer.Entry(args.Seq, old);
            Save();
            return new AppendReply(old);
        }

        private void Save() => _persister.SaveState(JsonSerializer.SerializeToUtf8Bytes(new SimpleKvServer.SavedState
        {
            Values = new Dictionary<string, string>(_values),
            Done = _done.ToDictionary(kv => kv.Key.ToString(CultureInfo.InvariantCulture), kv => kv.Value),
        }));
    }
}
