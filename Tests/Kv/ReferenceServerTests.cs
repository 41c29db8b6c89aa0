using KvService.Contract;
using KvService.Reference;

namespace LabRpc.Tests.Kv;

/// <summary>The reference server's handlers called directly: duplicate table, persisted layout, recovery.</summary>
public sealed class ReferenceServerTests
{
    [Test]
    public void ARetryOfTheLastAppendIsAnsweredFromMemoryAndNotExecutedAgain()
    {
        var server = new KvServer(new Persister());
        server.Put(new PutArgs("k", "a", 1, 1));
        var first = server.Append(new AppendArgs("k", "b", 1, 2));
        var retry = server.Append(new AppendArgs("k", "b", 1, 2));
        Assert.That((first.OldValue, retry.OldValue, server.Get(new GetArgs("k", 1, 3)).Value), Is.EqualTo(("a", "a", "ab")));
    }

    [Test]
    public void AStaleCopyOfAnOlderRequestIsNotExecuted()
    {
        var server = new KvServer(new Persister());
        server.Put(new PutArgs("k", "new", 1, 2));
        server.Put(new PutArgs("k", "old", 1, 1));
        server.Append(new AppendArgs("k", "!", 1, 1));
        Assert.That(server.Get(new GetArgs("k", 2, 1)).Value, Is.EqualTo("new"));
    }

    [Test]
    public void TheServerRemembersOneEntryPerClientAndNoneForGets()
    {
        var server = new KvServer(new Persister());
        for (int i = 1; i <= 1000; i++) server.Append(new AppendArgs("k", "x", 7, i));
        for (int c = 100; c < 200; c++) server.Get(new GetArgs("k", c, 1));
        Assert.That(server.ClientCount, Is.EqualTo(1));
        Assert.That(server.Get(new GetArgs("missing", 8, 1)).Value, Is.EqualTo(""));
    }

    [TestCase(1_000)]
    [TestCase(30_000)]
    public void PersistingAnOperationCostsTheBytesThatChangedWhateverTheStoreSize(int keys)
    {
        var persister = new Persister();
        var server = new KvServer(persister);
        for (int i = 0; i < keys; i++) server.Put(new PutArgs($"key{i}", "0123456789", i, 1));

        long bytes = persister.BytesWritten, writes = persister.Writes;
        server.Put(new PutArgs("key5", new string('p', 100), 1, 2));
        Assert.That(persister.BytesWritten - bytes, Is.EqualTo(100 + 37), "a Put writes the value and a 37-byte log entry");
        Assert.That(persister.Writes - writes, Is.EqualTo(2), "the key's record rewritten, a log entry");

        bytes = persister.BytesWritten;
        server.Append(new AppendArgs("key5", new string('a', 50), 1, 3));
        Assert.That(persister.BytesWritten - bytes, Is.EqualTo(50 + 33), "an Append writes its bytes and a 33-byte log entry");
    }

    [Test]
    public void ANewServerFromThePersisterHasTheValuesAndAnswersRetriesWithoutExecutingThem()
    {
        var persister = new Persister();
        var server = new KvServer(persister);
        server.Put(new PutArgs("k", "a", 1, 1));
        server.Append(new AppendArgs("k", "b", 2, 1));
        server.Put(new PutArgs("other", "z", 3, 1));
        server.Append(new AppendArgs("k", "c", 1, 2));

        var restarted = new KvServer(persister);
        Assert.That(restarted.Append(new AppendArgs("k", "c", 1, 2)).OldValue, Is.EqualTo("ab"), "client 1's retry");
        Assert.That(restarted.Append(new AppendArgs("k", "b", 2, 1)).OldValue, Is.EqualTo("a"), "client 2's retry");
        restarted.Put(new PutArgs("other", "stale", 3, 1));
        Assert.That(restarted.Get(new GetArgs("k", 9, 1)).Value, Is.EqualTo("abc"));
        Assert.That(restarted.Get(new GetArgs("other", 9, 2)).Value, Is.EqualTo("z"));
        Assert.That(restarted.Append(new AppendArgs("k", "d", 1, 3)).OldValue, Is.EqualTo("abc"));
        Assert.That(new KvServer(persister).Get(new GetArgs("k", 9, 3)).Value, Is.EqualTo("abcd"));
    }

    [Test]
    public void AReplacedValueStaysPersistedOnlyWhileARememberedReplyPointsIntoIt()
    {
        var persister = new Persister();
        var server = new KvServer(persister);
        server.Put(new PutArgs("k", "old", 1, 1));
        server.Append(new AppendArgs("k", "+", 1, 2));  // client 1's reply is "old", a prefix of this generation
        server.Put(new PutArgs("k", "new", 2, 1));      // replaces the generation client 1's reply points into
        Assert.That(server.Storage.RetiredCount, Is.EqualTo(1));

        var restarted = new KvServer(persister);
        Assert.That(restarted.Append(new AppendArgs("k", "+", 1, 2)).OldValue, Is.EqualTo("old"), "the retry after a crash");
        Assert.That(restarted.Get(new GetArgs("k", 1, 3)).Value, Is.EqualTo("new"));
        restarted.Put(new PutArgs("x", "1", 1, 3));     // client 1 moved on: the old generation can go
        Assert.That(restarted.Storage.RetiredCount, Is.Zero);
        Assert.That(persister.Count, Is.EqualTo(3), "one record per key and the log");
    }

    [Test]
    public void TheDuplicateTableLogIsCompactedAndStillRecovers()
    {
        var persister = new Persister();
        var server = new KvServer(persister);
        for (int i = 1; i <= 5000; i++) server.Append(new AppendArgs("k" + (i % 3), "x", i % 2, i));
        Assert.That(server.Storage.LogEntries, Is.LessThanOrEqualTo(2 * 2 + 1024 + 1));
        var restarted = new KvServer(persister);
        Assert.That(restarted.ClientCount, Is.EqualTo(2));
        Assert.That(restarted.Append(new AppendArgs("k2", "x", 0, 5000)).OldValue, Is.EqualTo(new string('x', 1666)));
        Assert.That(restarted.Get(new GetArgs("k2", 5, 1)).Value, Is.EqualTo(new string('x', 1667)));
    }

    [Test]
    public void RepliesWrittenFromStoredBytesDecodeAsTheContractsReplies([Values] bool json)
    {
        ICodec codec = json ? JsonCodec.Instance : MessagePackCodec.Instance;
        var server = new KvServer(new Persister());
        server.Put(new PutArgs("k", "héllo → ", 1, 1));
        var appended = server.Append(new AppendArgs("k", "wörld", 1, 2));
        var got = server.Get(new GetArgs("k", 1, 3));
        Assert.That(codec.Decode<AppendReply>(codec.Encode((object)appended)).OldValue, Is.EqualTo("héllo → "));
        Assert.That(codec.Decode<GetReply>(codec.Encode((object)got)).Value, Is.EqualTo("héllo → wörld"));
        Assert.That(codec.Decode<GetReply>(codec.Encode((object)server.Get(new GetArgs("none", 1, 4)))).Value, Is.EqualTo(""));
        if (!json)
            Assert.That(codec.Encode((object)got), Is.EqualTo(codec.Encode((object)new GetReply("héllo → wörld"))), "the same bytes");
    }
}
