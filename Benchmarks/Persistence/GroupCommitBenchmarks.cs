using BenchmarkDotNet.Attributes;

namespace LabRpc.Benchmarks.Persistence;

/// <summary>
/// A file-backed persister under a server's pattern: each writer changes a record of about 50 bytes (under one lock,
/// as handlers do) and waits for <see cref="Persister.FlushAsync"/> before it would reply. With 1 writer each change
/// costs an fsync; with 16, writers that arrive during a flush share the next one. Reported per write; the fsyncs per
/// write are printed at the end of each iteration. The folder is on the system's temporary folder: its disk decides.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 1, iterationCount: 5)]
public class GroupCommitBenchmarks
{
    private const int WritesPerInvoke = 256;
    private readonly Lock _serial = new();
    private readonly byte[] _value = new byte[50];
    private DirectoryInfo _folder = null!;
    private Persister _persister = null!;
    private long _writes0, _fsyncs0;

    [Params(1, 16)]
    public int Writers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("labrpc-groupcommit-");
        _persister = Persister.Open(_folder.FullName);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _persister.Dispose();
        _folder.Delete(recursive: true);
    }

    [IterationSetup]
    public void Mark() => (_writes0, _fsyncs0) = (_persister.Writes, _persister.Fsyncs);

    [IterationCleanup]
    public void Report()
    {
        long writes = _persister.Writes - _writes0;
        if (writes > 0) Console.WriteLine($"// {Writers} writers: {(_persister.Fsyncs - _fsyncs0) / (double)writes:0.000} fsyncs per write");
    }

    [Benchmark(OperationsPerInvoke = WritesPerInvoke)]
    public Task WriteAndFlush()
    {
        var writers = new Task[Writers];
        for (int w = 0; w < Writers; w++) writers[w] = Writer("w" + w, WritesPerInvoke / Writers);
        return Task.WhenAll(writers);
    }

    private async Task Writer(string key, int writes)
    {
        await Task.Yield(); // the writers run side by side on the thread pool, as a server's connections do
        for (int i = 0; i < writes; i++)
        {
            lock (_serial) _persister.Write(key, _value);
            await _persister.FlushAsync();
        }
    }
}
