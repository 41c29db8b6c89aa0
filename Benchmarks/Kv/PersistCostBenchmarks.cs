using BenchmarkDotNet.Attributes;
using KvService.Contract;
using KvService.Reference;

namespace LabRpc.Benchmarks.Kv;

/// <summary>
/// What persisting costs the reference server per Put and per Append once the store is large: the handlers are called
/// directly (no network) on a server holding 10,000 or 1,000,000 keys of 100 bytes, from 1,000 clients. A Put of 100
/// bytes and an Append of 10 bytes go to random existing keys. The bytes and writes per operation are printed at the
/// end of each iteration (exact, not timed); the times show that neither depends on the store's size. For scale: a
/// server that saved its whole state on each operation would write the store's size (about 110 bytes a key) every time.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(warmupCount: 2, iterationCount: 10, invocationCount: 20_000)]
public class PersistCostBenchmarks
{
    private const int Clients = 1000;
    private static readonly string Value = new('v', 100);
    private KvServer _server = null!;
    private Persister _persister = null!;
    private Random _random = null!;
    private long[] _seqs = [];
    private long _ops, _bytes0, _writes0;

    [Params(10_000, 1_000_000)]
    public int Keys { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _persister = new Persister();
        _server = new KvServer(_persister);
        _seqs = new long[Clients];
        for (int k = 0; k < Keys; k++) _server.Put(new PutArgs(Key(k), Value, k % Clients, ++_seqs[k % Clients]));
        _random = new Random(1);
    }

    [IterationSetup]
    public void Mark()
    {
        _ops = 0;
        _bytes0 = _persister.BytesWritten;
        _writes0 = _persister.Writes;
    }

    [IterationCleanup]
    public void Report()
    {
        if (_ops == 0) return;
        Console.WriteLine($"// {Keys:N0} keys: {(_persister.BytesWritten - _bytes0) / (double)_ops:0.0} bytes and " +
            $"{(_persister.Writes - _writes0) / (double)_ops:0.00} writes persisted per operation ({_ops:N0} operations)");
    }

    [Benchmark]
    public PutReply Put()
    {
        int client = _random.Next(Clients);
        _ops++;
        return _server.Put(new PutArgs(Key(_random.Next(Keys)), Value, client, ++_seqs[client]));
    }

    [Benchmark]
    public int Append()
    {
        int client = _random.Next(Clients);
        _ops++;
        // The old value comes back as a string (the API's cost, not persisting's); with 20,000 appends an iteration spread
        // over the keys, values stay short.
        string key = Key(_random.Next(Keys));
        return _server.Append(new AppendArgs(key, "0123456789", client, ++_seqs[client])).OldValue.Length;
    }

    private static string Key(int k) => "key" + k;
}
