using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LabRpc.Tests.Networking;

/// <summary>The generic fault windows (<see cref="NetworkFaultWindows"/>) on a network of any service.</summary>
public sealed class FaultWindowTests
{
    private const string Method = "JunkServer.Handler2";

    [Test]
    public void APartitionWindowCutsItsLinkForItsDurationOnly()
    {
        using var f = new NetworkFixture();
        var client = f.Sim.CreateNode("client");
        var end = f.End("e");
        var windows = new NetworkFaultWindows(f.Net, f.Sim);
        var oks = f.Sim.Run(async () =>
        {
            var play = windows.Play(new LinkPartition(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), "client", "server"));
            var results = new List<bool>();
            foreach (var at in new[] { 0.5, 1.5, 2.5 })
            {
                await f.Sim.Delay(TimeSpan.FromSeconds(at) - f.Sim.Elapsed);
                await client.Spawn(async () => results.Add((await end.Call<string>(Method, (int)(at * 10))).Ok));
            }
            await play;
            return results;
        });
        Assert.That(oks, Is.EqualTo(new[] { true, false, true }));
        Assert.That(windows.Opened, Is.EqualTo(1));
    }

    [Test]
    public void OverlappingWindowsApplyTheWorstOfEachAndCloseBackToReliable()
    {
        using var f = new NetworkFixture();
        var windows = new NetworkFaultWindows(f.Net, f.Sim);
        var a = new DropsAndDelays(TimeSpan.Zero, TimeSpan.FromSeconds(1), 0.3, 0.05, TimeSpan.FromMilliseconds(10));
        var b = new UnreliableNetwork(TimeSpan.Zero, TimeSpan.FromSeconds(1));
        var cut = new LinkPartition(TimeSpan.Zero, TimeSpan.FromSeconds(1), "main", "server", OneWay: true);
        var off = new Isolation(TimeSpan.Zero, TimeSpan.FromSeconds(1), "e");
        windows.Open(a);
        windows.Open(b);
        windows.Open(cut);
        windows.Open(off);
        Assert.That((f.Net.Faults.RequestDropRate, f.Net.Faults.ReplyDropRate, f.Net.Faults.MaxRequestDelay),
            Is.EqualTo((0.3, 0.1, TimeSpan.FromMilliseconds(26))));
        Assert.That(f.Net.Faults.Isolated, Is.EquivalentTo(new[] { "e" }));
        Assert.That((f.Net.IsPartitioned(f.Sim.MainNode, f.ServerNode), f.Net.IsPartitioned(f.ServerNode, f.Sim.MainNode)), Is.EqualTo((true, false)));
        windows.Close(b);
        Assert.That(f.Net.Faults.ReplyDropRate, Is.EqualTo(0.05));
        windows.Close(cut);
        Assert.That(f.Net.IsPartitioned(f.Sim.MainNode, f.ServerNode), Is.False);
        windows.Heal();
        Assert.That((f.Net.Faults with { Isolated = FaultProfile.Reliable.Isolated }, f.Net.Faults.Isolated.Count), Is.EqualTo((FaultProfile.Reliable, 0)));
    }

    [Test]
    public void TwoPartitionWindowsOnOneLinkKeepItCutUntilTheLastCloses()
    {
        using var f = new NetworkFixture();
        var windows = new NetworkFaultWindows(f.Net, f.Sim);
        var both = new LinkPartition(TimeSpan.Zero, TimeSpan.FromSeconds(1), "main", "server");
        var oneWay = new LinkPartition(TimeSpan.Zero, TimeSpan.FromSeconds(2), "server", "main", OneWay: true);
        windows.Open(both);
        windows.Open(oneWay);
        windows.Close(both);
        Assert.That((f.Net.IsPartitioned(f.Sim.MainNode, f.ServerNode), f.Net.IsPartitioned(f.ServerNode, f.Sim.MainNode)), Is.EqualTo((false, true)));
        windows.Close(oneWay);
        Assert.That(f.Net.IsPartitioned(f.ServerNode, f.Sim.MainNode), Is.False);
    }

    [Test]
    public void LinkWindowsRateTheirLinksOnTopOfTheBaseProfileAndGiveThemBackWhenTheyClose()
    {
        using var f = new NetworkFixture();
        var client = f.Sim.CreateNode("client");
        var windows = new NetworkFaultWindows(f.Net, f.Sim) { Base = FaultProfile.Unreliable };
        var copies = new LinkDuplicates(TimeSpan.Zero, TimeSpan.FromSeconds(1), "client", "server", 0.3, TimeSpan.FromMilliseconds(500));
        var more = new LinkDuplicates(TimeSpan.Zero, TimeSpan.FromSeconds(1), "client", "server", 0.6);
        var slow = new LinkTimeouts(TimeSpan.Zero, TimeSpan.FromSeconds(1), "client", "server", TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(400));
        windows.Open(copies);
        windows.Open(more);
        windows.Open(slow);
        Assert.That(f.Net.Faults, Is.EqualTo(FaultProfile.Unreliable), "the base profile stays");
        var expected = new LinkFaults
        {
            DuplicateRate = 0.6, MaxDuplicateDelay = TimeSpan.FromMilliseconds(500), Timeout = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(400),
        };
        Assert.That(f.Net.GetLinkFaults(client, f.ServerNode), Is.EqualTo(expected));
        Assert.That(f.Net.GetLinkFaults(f.ServerNode, client), Is.Null, "one direction only");
        f.Net.Heal(client, f.ServerNode);
        windows.Reapply();
        Assert.That(f.Net.GetLinkFaults(client, f.ServerNode), Is.EqualTo(expected), "set again after someone healed the link");
        windows.Close(slow);
        windows.Close(more);
        Assert.That(f.Net.GetLinkFaults(client, f.ServerNode), Is.EqualTo(new LinkFaults { DuplicateRate = 0.3, MaxDuplicateDelay = TimeSpan.FromMilliseconds(500) }));
        windows.Close(copies);
        Assert.That((f.Net.GetLinkFaults(client, f.ServerNode), f.Net.Faults), Is.EqualTo(((LinkFaults?)null, FaultProfile.Unreliable)));
    }

    [Test]
    public void NetworkKindsRoundTripThroughJsonByTheirNames()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { FaultJson.Kinds([.. FaultJson.NetworkKinds]) } },
        };
        FaultEvent[] faults =
        [
            new LinkPartition(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), "a", "b", OneWay: true),
            new Isolation(TimeSpan.Zero, TimeSpan.FromSeconds(1), "client0"),
            new DuplicateRequests(TimeSpan.Zero, TimeSpan.FromSeconds(1), 0.5),
            new LinkDuplicates(TimeSpan.Zero, TimeSpan.FromSeconds(1), "clerk0", "pb0", 0.5, TimeSpan.FromMilliseconds(300)),
            new LinkTimeouts(TimeSpan.Zero, TimeSpan.FromSeconds(1), "clerk0", "pb1", TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(500)),
        ];
        var json = JsonSerializer.Serialize(faults, options);
        Assert.That(json, Does.Contain("\"kind\":\"partition\"").And.Contain("\"kind\":\"isolate\"").And.Contain("\"kind\":\"duplicates\"")
            .And.Contain("\"kind\":\"linkDuplicates\"").And.Contain("\"kind\":\"linkTimeouts\""));
        Assert.That(JsonSerializer.Deserialize<FaultEvent[]>(json, options), Is.EqualTo(faults));
        Assert.That(() => JsonSerializer.Deserialize<FaultEvent[]>("[{\"kind\":\"crash\",\"at\":\"00:00:00\",\"duration\":\"00:00:01\"}]", options),
            Throws.InstanceOf<JsonException>(), "a kind the format does not name is refused");
    }
}
