using KvService.Contract;
using KvService.Reference;

namespace LabRpc.Tests.Kv;

/// <summary>
/// The reference server crashed at every persister call of a request, just before and just after it: after a restart
/// from the persister, the client's retry of that request leaves every value as if it executed exactly once, and gets
/// the reply it would have got.
/// </summary>
public sealed class ReferenceCrashPointTests
{
    /// <summary>A request after a history, and what a retry must see: the reply, then each key's value.</summary>
    public sealed record Case(string Name, Action<KvServer> History, Func<KvServer, string> Request, string Reply, params (string Key, string Value)[] Values)
    {
        public override string ToString() => Name;
    }

    public static IEnumerable<Case> Cases =>
    [
        new("a put of a new key", _ => { }, s => Put(s, "k", "v", 1, 1), "", ("k", "v")),
        new("a put that replaces a value", s => Put(s, "k", "old", 2, 1), s => Put(s, "k", "new", 1, 1), "", ("k", "new")),
        new("an append to a new key", _ => { }, s => Append(s, "k", "x", 1, 1), "", ("k", "x")),
        new("an append to a value", s => Put(s, "k", "ab", 2, 1), s => Append(s, "k", "c", 1, 1), "ab", ("k", "abc")),
        new("an append after the client's earlier append", s =>
        {
            Put(s, "k", "a", 2, 1);
            Append(s, "k", "b", 1, 1);
        }, s => Append(s, "k", "c", 1, 2), "ab", ("k", "abc")),
        new("a put over a value another client's reply points into", s =>
        {
            Put(s, "k", "a", 2, 1);
            Append(s, "k", "b", 3, 1);
        }, s => Put(s, "k", "z", 1, 1), "", ("k", "z")),
    ];

    [TestCaseSource(nameof(Cases))]
    public void ACrashAtAnyPersisterCallOfARequestLeavesItExecutedOnceAfterTheRetry(Case test)
    {
        int calls = CountPersisterCalls(test);
        Assert.That(calls, Is.GreaterThanOrEqualTo(2), "each request is at least a log entry and a value");
        for (int k = 1; k <= calls; k++)
        {
            foreach (var stage in new[] { PersistStage.Before, PersistStage.After })
            {
                using var sim = new Simulation(1);
                var node = sim.CreateNode("kvserver");
                var server = new KvServer(node.Persister);
                test.History(server);
                int seen = 0;
                node.Persister.OnPersist = e =>
                {
                    if (e.Stage == PersistStage.Before) seen++;
                    if (e.Stage == stage && seen == k) node.Kill();
                };
                test.Request(server);
                node.Persister.OnPersist = null;
                node.Restart();

                var restarted = new KvServer(node.Persister);
                string where = $"crash {stage.ToString().ToLowerInvariant()} persister call {k} of {calls}";
                Assert.That(test.Request(restarted), Is.EqualTo(test.Reply), $"{test.Name}, {where}: the retry's reply");
                foreach (var (key, value) in test.Values)
                    Assert.That(restarted.Get(new GetArgs(key, 99, 1)).Value, Is.EqualTo(value), $"{test.Name}, {where}: {key}");
                var again = new KvServer(node.Persister);
                foreach (var (key, value) in test.Values)
                    Assert.That(again.Get(new GetArgs(key, 99, 2)).Value, Is.EqualTo(value), $"{test.Name}, {where}: {key} after another restart");
            }
        }
    }

    private static int CountPersisterCalls(Case test)
    {
        var persister = new Persister();
        var server = new KvServer(persister);
        test.History(server);
        long before = persister.Writes;
        test.Request(server);
        return (int)(persister.Writes - before);
    }

    private static string Put(KvServer server, string key, string value, long client, long seq)
    {
        server.Put(new PutArgs(key, value, client, seq));
        return "";
    }

    private static string Append(KvServer server, string key, string value, long client, long seq) =>
        server.Append(new AppendArgs(key, value, client, seq)).OldValue;
}
