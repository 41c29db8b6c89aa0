using System.Diagnostics;
using KvService.Contract;

namespace LabRpc.Benchmarks.Real;

/// <summary>
/// One client of a load run: a clerk of the implementation on a <see cref="RealNode"/> of its own, doing Put and Get
/// in turn on keys drawn from a seeded source, timing each operation. Its latencies go to a list only it writes (no
/// lock); they are read once the loop has ended.
/// </summary>
internal sealed class LoadClerk : IDisposable
{
    private readonly RealNode _node;
    private readonly IKvClerk _clerk;
    private readonly string[] _keys;
    private readonly Random _keyChoice;
    private readonly string _value;
    private readonly List<long> _latencies = new(1 << 14);

    /// <summary>
    /// Client <paramref name="id"/> over <paramref name="end"/>. The node's random source (the clerk's id) is seeded from
    /// the machine's entropy, so that clerks of successive runs against one server never share an id (the server would
    /// take their requests for duplicates); only the key choice is seeded by <paramref name="seed"/>.
    /// </summary>
    public LoadClerk(int id, IKvImplementation implementation, ClientEnd end, string[] keys, int seed)
    {
        // On the thread pool: a reply read while the node is idle resumes the clerk on the reading thread.
        _node = new RealNode($"load{id}", scheduling: RealNodeScheduling.ThreadPool);
        _clerk = _node.Invoke(() => implementation.CreateClerk(_node, [end]))
            ?? throw new InvalidOperationException($"{implementation.Name}: CreateClerk returned null.");
        _keys = keys;
        _keyChoice = new Random(seed + id);
        _value = $"6.824-{id}";
    }

    /// <summary>Stopwatch ticks of each operation started while measuring.</summary>
    public IReadOnlyList<long> Latencies => _latencies;

    /// <summary>One Get before the load: opens the connection (not timed).</summary>
    public Task Prime() => _node.Spawn(async () => await _clerk.GetAsync(_keys[0]), "prime");

    /// <summary>Starts the loop on the node: Put and Get in turn until <paramref name="phase"/> says stop.</summary>
    public Task Run(LoadPhase phase) => _node.Spawn(() => Loop(phase), "load");

    /// <inheritdoc/>
    public void Dispose() => _node.Dispose();

    private async Task Loop(LoadPhase phase)
    {
        for (long i = 0; ; i++)
        {
            int now = phase.Value;
            if (now == LoadPhase.Stopping) return;
            string key = _keys[_keyChoice.Next(_keys.Length)];
            long began = Stopwatch.GetTimestamp();
            if (i % 2 == 0) await _clerk.PutAsync(key, _value);
            else await _clerk.GetAsync(key);
            long took = Stopwatch.GetTimestamp() - began;
            if (now == LoadPhase.Measuring) _latencies.Add(took);
        }
    }
}
