using System.Net;
using System.Net.Sockets;
using KvService.Real;
using KvService.Reference;

namespace LabRpc.Tests.Real;

/// <summary>
/// A real server process with 10,000 idle connections open (a client that connects and says nothing, ten thousand
/// times): it goes on serving everyone else, and its memory stays bounded.
/// </summary>
[NonParallelizable]
public sealed class IdleConnectionsTests
{
    private const int Idle = 10_000;

    [Test]
    public async Task TenThousandIdleConnectionsLeaveTheServerServingWithBoundedMemory()
    {
        var log = new List<string>();
        await using var server = new ServerProcess("reference", RealPaths.Scratch("idle"), line => { lock (log) log.Add(line); });
        await server.StartAsync(CancellationToken.None);
        long before = ResidentBytes(server.ProcessId);

        var sockets = new List<Socket>(Idle);
        try
        {
            for (int i = 0; i < Idle; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.Port));
                sockets.Add(socket);
            }
            await using var end = TcpClientEnd.Connect($"127.0.0.1:{server.Port}", new TcpClientOptions { Timeout = TimeSpan.FromSeconds(10) });
            var node = new RealNode("clerk", 1);
            var clerk = node.Invoke(() => new ReferenceKv().CreateClerk(node, [end.End]));
            await node.Invoke(() => clerk.PutAsync("k", "served"));
            Assert.That(await node.Invoke(() => clerk.GetAsync("k")), Is.EqualTo("served"), "a client is served with 10,000 idle connections open");
            node.Dispose();

            long after = ResidentBytes(server.ProcessId);
            long perConnection = (after - before) / Idle;
            TestContext.Out.WriteLine($"server resident memory: {before / 1_000_000} MB before, {after / 1_000_000} MB with {Idle:N0} idle connections ({perConnection:N0} bytes each)");
            Assert.That(perConnection, Is.LessThan(16 * 1024), "an idle connection costs a few kilobytes at most");
            Assert.That(server.IsRunning, Is.True);
        }
        finally
        {
            foreach (var socket in sockets) socket.Dispose();
        }
    }

    /// <summary>The resident set of process <paramref name="pid"/>, from /proc.</summary>
    private static long ResidentBytes(int pid)
    {
        string line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
