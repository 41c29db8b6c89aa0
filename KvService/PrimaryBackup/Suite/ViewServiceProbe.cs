using KvService.Contract.PrimaryBackup;
using KvService.Harness;
using LabRpc;

namespace KvService.PrimaryBackup.Suite;

/// <summary>
/// An implementation's view service alone in a simulation, pinged by servers the test plays (6.824's viewservice test
/// clerks): each <see cref="Ping"/> says what a server would say, and <see cref="Tick"/> lets a ping interval pass. The
/// network is reliable: every call arrives.
/// </summary>
internal sealed class ViewServiceProbe : IDisposable
{
    private const string Name = "viewservice";
    private readonly Network _network;
    private readonly Dictionary<string, ClientEnd> _ends = new(StringComparer.Ordinal);
    private readonly TextWriter _output;
    private readonly string _description;
    private int _calls;

    public ViewServiceProbe(IPbImplementation implementation, ulong seed, TextWriter output, string description)
    {
        Implementation = implementation;
        Seed = seed;
        Simulation = new Simulation(seed);
        _network = new Network(Simulation);
        var node = Simulation.CreateNode(Name);
        var server = node.Invoke(() => implementation.CreateViewServer(node))
            ?? throw new KvCheckFailedException($"{implementation.Name}: CreateViewServer returned null.");
        _network.AddServer(Name, server, node);
        (_output, _description) = (output, description);
        output.WriteLine($"Test (2A): {description} ({implementation.Name}, seed {seed}) ...");
    }

    public IPbImplementation Implementation { get; }

    public ulong Seed { get; }

    public Simulation Simulation { get; }

    /// <summary>Server <paramref name="server"/> pings with <paramref name="viewNumber"/>; the view in the answer.</summary>
    public async Task<View> Ping(string server, long viewNumber)
    {
        var (ok, reply) = await End(server).Call<PingReply>(Contract.PrimaryBackup.ViewService.Ping, new PingArgs(server, viewNumber));
        _calls++;
        return ok ? reply!.View : throw new KvCheckFailedException($"{_description}: the view service did not answer {server}'s ping on a reliable network.");
    }

    /// <summary>The current view, asked by <paramref name="asker"/> without pinging.</summary>
    public async Task<View> Get(string asker = "tester")
    {
        var (ok, reply) = await End(asker).Call<GetViewReply>(Contract.PrimaryBackup.ViewService.Get, new GetViewArgs(asker));
        _calls++;
        return ok ? reply!.View : throw new KvCheckFailedException($"{_description}: the view service did not answer Get on a reliable network.");
    }

    /// <summary>One ping interval of virtual time.</summary>
    public Task Tick() => Simulation.Delay(Contract.PrimaryBackup.ViewService.PingInterval);

    /// <summary>Throws unless <paramref name="view"/> names <paramref name="primary"/> and <paramref name="backup"/> (and,
    /// if given, has <paramref name="number"/>).</summary>
    public void Expect(View view, string primary, string backup, long? number, string what)
    {
        if (view.Primary == primary && view.Backup == backup && (number is null || view.Number == number)) return;
        string wanted = new View(number ?? view.Number, primary, backup).ToString();
        throw new KvCheckFailedException($"{_description}: {what}: wanted {(number is null ? wanted.Replace($"view {view.Number} ", "a view ", StringComparison.Ordinal) : wanted)}, " +
            $"the view service says {view} (virtual time {Simulation.Elapsed.TotalSeconds:0.0}s).");
    }

    /// <summary>The <c>... Passed</c> line.</summary>
    public string Passed()
    {
        string line = FormattableString.Invariant($"  ... Passed -- time {Simulation.Elapsed.TotalSeconds:0.0}s (virtual) #RPCs {_calls}");
        _output.WriteLine(line);
        return line;
    }

    public void Dispose()
    {
        _network.Dispose();
        Simulation.Dispose();
    }

    private ClientEnd End(string server)
    {
        if (!_ends.TryGetValue(server, out var end)) _ends[server] = end = _network.MakeEnd(server + "->" + Name, Name);
        return end;
    }
}
