namespace LabRpc.Tests.Persistence;

public sealed class FilePersisterTests
{
    private TempFolder _temp = null!;

    [SetUp]
    public void MakeFolder() => _temp = new TempFolder();

    [TearDown]
    public void RemoveFolder() => _temp.Dispose();

    [Test]
    public void ReopeningGivesTheSameRecords()
    {
        string folder = Path.Combine(_temp.Path, "new", "store"); // created on open
        var expected = new Persister();
        using (var p = Persister.Open(folder))
        {
            foreach (var target in new[] { p, expected })
            {
                target.Write("a", [1, 2]);
                target.Append("a", [3]);
                target.Append("log", new byte[100_000]); // larger than a record written in one piece
                target.Append("log", [7]);
                target.Write("ключ ✓", []);
                target.SaveState([9, 9]);
                target.Write("gone", [5]);
                target.Remove("gone");
                target.Write("a", [4]);
            }
            Assert.That(p.Folder, Is.EqualTo(Path.GetFullPath(folder)));
            Assert.That(p.BytesWritten, Is.EqualTo(expected.BytesWritten));
        }

        using var reopened = Persister.Open(folder);
        Assert.That(Records.Of(reopened), Is.EqualTo(Records.Of(expected)));
        Assert.That((reopened.Size, reopened.Count), Is.EqualTo((expected.Size, expected.Count)));
        Assert.That(reopened.ReadState(), Is.EqualTo(new byte[] { 9, 9 }));
        Assert.That((reopened.Writes, reopened.BytesWritten), Is.EqualTo((0L, 0L)), "the counters count from the open");
    }

    [Test]
    public void AFlushedWriteIsInAFreshOpenOfACopyOfTheFolder()
    {
        string folder = _temp.Sub("live");
        using var p = Persister.Open(folder);
        p.Write("k", [1, 2, 3]);
        long before = p.Fsyncs;

        p.FlushAsync().AsTask().Wait();

        Assert.That(p.Fsyncs, Is.EqualTo(before + 1));
        string copy = _temp.CopyOf(folder, "copy"); // while the original is still open
        Assert.That(Records.Opened(copy), Is.EqualTo(new[] { "k=010203" }));
    }

    [Test]
    public void AFlushWithNothingNewToFlushCompletesAtOnceWithoutAnFsync()
    {
        using var p = Persister.Open(_temp.Sub("p"));
        p.Write("k", [1]);
        p.FlushAsync().AsTask().Wait();
        long fsyncs = p.Fsyncs;

        var again = p.FlushAsync();

        Assert.That(again.IsCompletedSuccessfully, Is.True);
        Assert.That(p.Fsyncs, Is.EqualTo(fsyncs));
    }

    [Test]
    public void AnInMemoryPersisterFlushesAtOnceAndHasNoFiles()
    {
        var p = new Persister();
        p.Write("k", [1]);
        Assert.That(p.FlushAsync().IsCompletedSuccessfully, Is.True);
        Assert.That((p.Folder, p.Fsyncs, p.Compactions), Is.EqualTo(((string?)null, 0L, 0L)));
    }

    [Test]
    public void DisposingFlushesAndLaterChangesAreRefused()
    {
        string folder = _temp.Sub("p");
        var p = Persister.Open(folder);
        p.Write("k", [1]);
        long fsyncs = p.Fsyncs;

        p.Dispose();

        Assert.That(p.Fsyncs, Is.EqualTo(fsyncs + 1), "what was not flushed is flushed on dispose");
        Assert.That(() => p.Write("k", [2]), Throws.TypeOf<ObjectDisposedException>().With.Message.Contains("open the folder again"));
        Assert.That(Records.Opened(folder), Is.EqualTo(new[] { "k=01" }));
    }

    [Test]
    public void OpeningAFolderThatIsAlreadyOpenIsRefusedWithAClearError()
    {
        string folder = _temp.Sub("p");
        using (Persister.Open(folder))
        {
            Assert.That(() => Persister.Open(folder),
                Throws.TypeOf<IOException>().With.Message.Contains(folder).And.Message.Contains("already open"));
        }
        Assert.That(() => Persister.Open(folder).Dispose(), Throws.Nothing, "disposing releases the folder");
    }

    [Test]
    public void AKeyThatIsNotValidTextIsRefusedAndNothingChanges()
    {
        string folder = _temp.Sub("p");
        using (var p = Persister.Open(folder))
        {
            Assert.That(() => p.Write("bad\ud800", [1]), Throws.ArgumentException.With.Message.Contains("lone surrogate"));
            Assert.That(p.Count, Is.Zero);
        }
        Assert.That(Records.Opened(folder), Is.Empty);
    }

    [Test]
    public void RandomChangesSurviveReopeningAndCompaction()
    {
        // Writes, appends and removals over a few keys, with a small compaction floor so that the log is compacted often;
        // the folder is reopened now and then. Each reopen holds what a persister in memory holds after the same calls,
        // and the log's running count of a snapshot's size stays exact.
        string folder = _temp.Sub("p");
        var options = new PersisterOptions { CompactionFloor = 4096 };
        var random = new Random(7);
        var expected = new Persister();
        var p = Persister.Open(folder, options);
        long compactions = 0;
        for (int i = 0; i < 3000; i++)
        {
            string key = "key" + random.Next(12);
            var data = new byte[random.Next(0, 60)];
            random.NextBytes(data);
            switch (random.Next(4))
            {
                case 0: p.Write(key, data); expected.Write(key, data); break;
                case 1: Assert.That(p.Remove(key), Is.EqualTo(expected.Remove(key))); break;
                default: p.Append(key, data); expected.Append(key, data); break;
            }
            Assert.That(p.FileLog!.LiveBytes, Is.EqualTo(p.SnapshotBytes()), $"after change {i}");
            if (i % 500 == 499)
            {
                compactions += p.Compactions;
                p.Dispose();
                p = Persister.Open(folder, options);
                Assert.That(Records.Of(p), Is.EqualTo(Records.Of(expected)), $"reopened after change {i}");
            }
        }
        p.Dispose();
        Assert.That(compactions, Is.GreaterThan(3), $"{compactions} compactions");
        Assert.That(Records.Logs(folder), Has.Length.EqualTo(1));
    }
}
