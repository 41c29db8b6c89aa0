namespace LabRpc.Tests.Persistence;

/// <summary>Callers of <see cref="Persister.FlushAsync"/> that arrive while a flush is under way share the next fsync.</summary>
public sealed class GroupCommitTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private TempFolder _temp = null!;

    [SetUp]
    public void MakeFolder() => _temp = new TempFolder();

    [TearDown]
    public void RemoveFolder() => _temp.Dispose();

    [Test]
    public void CallersThatArriveDuringAFlushShareTheNextFsync()
    {
        using var p = Persister.Open(_temp.Sub("p"));
        using var entered = new SemaphoreSlim(0);
        using var gate = new ManualResetEventSlim();
        p.FileLog!.BeforeFsync = () =>
        {
            entered.Release();
            gate.Wait();
        };
        long fsyncs = p.Fsyncs;
        p.Write("k0", [0]);
        var first = p.FlushAsync().AsTask();
        Assert.That(entered.Wait(Patience), Is.True, "the first flush started");

        var rest = new List<Task>();
        for (int i = 1; i < 100; i++)
        {
            p.Write("k" + i, [(byte)i]);
            rest.Add(p.FlushAsync().AsTask());
        }
        Assert.That(rest.Append(first).Count(t => t.IsCompleted), Is.Zero, "nothing is durable while the fsync is under way");
        gate.Set();

        Assert.That(Task.WaitAll([first, .. rest], Patience), Is.True);
        Assert.That(p.Fsyncs - fsyncs, Is.EqualTo(2), "100 callers: the first fsync, and one for the 99 that came during it");
    }

    [Test]
    public void SixteenConcurrentWritersCostFewerFsyncsThanFlushes()
    {
        string folder = _temp.Sub("p");
        const int Writers = 16, Each = 20;
        using (var p = Persister.Open(folder))
        {
            var serial = new Lock(); // changes come from one thread at a time, as a server's handlers under its lock
            long fsyncs = p.Fsyncs;
            async Task Writer(int w)
            {
                for (int i = 0; i < Each; i++)
                {
                    lock (serial) p.Write("w" + w, [(byte)i]);
                    await p.FlushAsync();
                }
            }
            var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() => Writer(w))).ToArray();

            Assert.That(Task.WaitAll(writers, Patience), Is.True);
            Assert.That(p.Fsyncs - fsyncs, Is.LessThan(Writers * Each));
        }
        Assert.That(Records.Opened(folder), Is.EqualTo(Enumerable.Range(0, Writers).Select(w => "w" + w).Order(StringComparer.Ordinal).Select(k => k + "=13")));
    }
}
