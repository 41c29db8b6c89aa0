using KvService.Contract;
using LabRpc.Tests.Kv.Plain;

namespace LabRpc.Tests.Kv.Memory;

/// <summary>
/// A correct implementation that keeps too much: <see cref="PlainKv"/>, whose server also keeps every value a Put
/// replaced (an "undo history" nobody reads). The memory checks must fail it, with the numbers.
/// </summary>
public sealed class OverKeepingKv : IKvImplementation
{
    private readonly PlainKv _plain = new();

    /// <inheritdoc/>
    public string Name => "keeps-overwritten-values";

    /// <inheritdoc/>
    public Server CreateServer(IRuntime runtime, Persister persister) =>
        new(new Service(new HistoryServer(new PlainKvServer(persister)), nameof(PlainKvServer)));

    /// <inheritdoc/>
    public IKvClerk CreateClerk(IRuntime runtime, IReadOnlyList<ClientEnd> servers) => _plain.CreateClerk(runtime, servers);

    /// <summary>The plain server, and a list of every value a Put replaced.</summary>
    public sealed class HistoryServer(PlainKvServer inner)
    {
        private readonly List<string> _replaced = [];

        /// <summary>Get handler.</summary>
        public GetReply Get(GetArgs args) => inner.Get(args);

        /// <summary>Put handler: keeps the value it replaces.</summary>
        public PutReply Put(PutArgs args)
        {
            ArgumentNullException.ThrowIfNull(args);
            _replaced.Add(inner.Get(new GetArgs(args.Key, args.ClientId, args.Seq)).Value);
            return inner.Put(args);
        }

        /// <summary>Append handler.</summary>
        public AppendReply Append(AppendArgs args) => inner.Append(args);
    }
}
