using KvService.Contract;
using KvService.Reference;

namespace LabRpc.Tests.Tcp;

public sealed class KvOverTcpTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    [Test]
    public async Task ReferenceServerAppliesEachAppendOnceOverTcp()
    {
        using var node = new RealNode("kv", seed: 1);
        var served = node.Invoke(() => new Server(new Service(new KvServer(node.Persister), KvServer.ServiceName)));
        await using var server = new TcpServer(served, node);
        server.Start();
        const int clients = 4, appends = 20;
        var ends = Enumerable.Range(0, clients).Select(_ => TcpClientEnd.Connect($"127.0.0.1:{server.Port}")).ToArray();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            long id = c + 1;
            for (long seq = 1; seq <= appends; seq++)
            {
                var args = new AppendArgs("k", $"[{c}.{seq}]", id, seq);
                var first = await ends[c].Call<AppendReply>("KvServer.Append", args);
                // Every request is sent twice, as a retry after a lost reply would be: the second must not apply again.
                var again = await ends[c].Call<AppendReply>("KvServer.Append", args);
                Assert.That(first.Ok && again.Ok, Is.True);
                Assert.That(again.Reply!.OldValue, Is.EqualTo(first.Reply!.OldValue));
            }
        })).WaitAsync(Limit);
        var (ok, final) = await ends[0].Call<GetReply>("KvServer.Get", new GetArgs("k", 1, appends + 1)).AsTask().WaitAsync(Limit);
        Assert.That(ok, Is.True);
        for (int c = 0; c < clients; c++)
            for (int seq = 1; seq <= appends; seq++)
                Assert.That(final!.Value.Split($"[{c}.{seq}]").Length - 1, Is.EqualTo(1), $"token [{c}.{seq}]");
        foreach (var end in ends) end.Dispose();
    }
}
