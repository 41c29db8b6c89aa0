namespace LabRpc.Tests.Persistence;

public sealed class PersisterTests
{
    [Test]
    public void WriteReplacesAndAppendExtends()
    {
        var p = new Persister();
        p.Write("a", [1, 2]);
        p.Append("a", [3]);
        p.Append("b", [9]);
        p.Write("a", [4, 5, 6, 7]);
        p.Append("a", [8]);
        Assert.That(p.Read("a"), Is.EqualTo(new byte[] { 4, 5, 6, 7, 8 }));
        Assert.That(p.Read("b"), Is.EqualTo(new byte[] { 9 }));
        Assert.That(p.Read("c"), Is.Null);
        Assert.That(p.Size, Is.EqualTo(6));
        Assert.That(p.Length("a"), Is.EqualTo(5));
        Assert.That(p.BytesWritten, Is.EqualTo(2 + 1 + 1 + 4 + 1));
        Assert.That(p.Remove("a"), Is.True);
        Assert.That(p.Remove("a"), Is.False);
        Assert.That(p.Size, Is.EqualTo(1));
        Assert.That(p.Keys, Is.EqualTo(new[] { "b" }));
    }

    [Test]
    public void AppendCostsTheBytesAppendedNotTheRecordsSize()
    {
        var p = new Persister();
        var chunk = new byte[1000];
        for (int i = 0; i < 1000; i++) p.Append("log", chunk);
        Assert.That(p.Length("log"), Is.EqualTo(1_000_000));
        Assert.That(p.BytesWritten, Is.EqualTo(1_000_000));
    }

    [Test]
    public void CopyIsIndependent()
    {
        var p = new Persister();
        p.SaveState([1, 2, 3]);
        var copy = p.Copy();
        p.SaveState([7]);
        Assert.That(copy.ReadState(), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(p.ReadState(), Is.EqualTo(new byte[] { 7 }));
        Assert.That(new Persister().ReadState(), Is.Empty);
    }

    [Test]
    public void DisposingFreesTheRecordsAndLeavesAnEmptyPersister()
    {
        var p = new Persister();
        p.Write("a", new byte[1000]);
        p.Append("log", [1, 2, 3]);
        var copy = p.Copy();

        p.Dispose();

        Assert.That(p.Count, Is.Zero);
        Assert.That(p.Size, Is.Zero);
        Assert.That(p.Read("a"), Is.Null);
        Assert.That(copy.Read("log"), Is.EqualTo(new byte[] { 1, 2, 3 }), "a copy is independent");
        p.Write("a", [7]);
        Assert.That(p.Read("a"), Is.EqualTo(new byte[] { 7 }), "an emptied persister can be written again");
        copy.Dispose();
        copy.Dispose();
        Assert.That(copy.Count, Is.Zero, "disposing twice is harmless");
    }

    [Test]
    public void DisposingASimulationKeepsItsNodesRecords()
    {
        // Code that escaped the simulation may still write to a node's persister after the run: its memory is the
        // collector's to free, never freed under a writer.
        var sim = new Simulation(1);
        var node = sim.CreateNode("server");
        node.Persister.Write("a", [1, 2]);

        sim.Dispose();

        Assert.That(node.Persister.Read("a"), Is.EqualTo(new byte[] { 1, 2 }));
    }

    [Test]
    public void EachCallIsReportedJustBeforeAndJustAfterItTakesEffect()
    {
        var p = new Persister();
        var seen = new List<string>();
        p.OnPersist = e => seen.Add($"{e.Stage} {e.Operation} {e.Key} {e.Number} {p.Length(e.Key)}");

        p.Write("a", [1]);
        p.Append("a", [2]);
        p.Remove("a");

        Assert.That(p.Remove("missing"), Is.False);

        Assert.That(seen, Is.EqualTo(new[]
        {
            "Before Write a 1 -1", "After Write a 1 1", "Before Append a 2 1", "After Append a 2 2", "Before Remove a 3 2", "After Remove a 3 -1",
        }), "a removal of nothing is no call");
    }

    [Test]
    public void ACrashJustBeforeAWriteLosesItAndTheDeadIncarnationWritesNothingMore()
    {
        using var sim = new Simulation(1);
        var node = sim.CreateNode("server");
        var p = node.Persister;
        p.OnPersist = e =>
        {
            if (e.Stage == PersistStage.Before && e.Key == "data") node.Kill();
        };

        p.Write("entry", [1]);   // the handler's first write reaches the disk
        p.Write("data", [2]);    // the crash comes just before the second
        p.Append("entry", [3]);  // the rest of the handler runs on a dead node: no effect
        Assert.That(p.Remove("entry"), Is.True, "a removal the dead node asks for says what is there, and removes nothing");

        Assert.That((p.Read("entry"), p.Read("data")), Is.EqualTo((new byte[] { 1 }, (byte[]?)null)));
        node.Restart();
        p.Append("entry", [4]);
        Assert.That(p.Read("entry"), Is.EqualTo(new byte[] { 1, 4 }), "the restarted node writes again");
    }

    [Test]
    [NonParallelizable]
    public void PersistedBytesDoNotCountAsManagedMemory()
    {
        var p = new Persister();
        long before = GC.GetTotalMemory(forceFullCollection: true);
        WriteBig(p);
        long after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.That(after - before, Is.LessThan(1 << 20));
        Assert.That(p.Size, Is.EqualTo(20 << 20));
        GC.KeepAlive(p);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void WriteBig(Persister p) => p.Write("big", new byte[20 << 20]);
}
