using System.Net;
using System.Net.Sockets;
using KvService.Real;
using KvService.Reference;

namespace LabRpc.Tests.Real;

/// <summary>
/// Bad input on the wire against the durable KV server: while a clerk writes, other connections send random bytes,
/// truncated frames and absurd length prefixes. Those connections are closed; the clerk is served throughout, and
/// everything it was told was done is in the data folder when the next server starts from it.
/// </summary>
public sealed class BadInputTests
{
    [Test]
    public async Task GarbageOnOtherConnectionsLosesNothingAcknowledged()
    {
        string folder = RealPaths.Scratch("garbage");
        const int Appends = 200;
        await using (var host = KvHost.Start(new ReferenceKv(), new KvHostOptions { Port = 0, DataFolder = folder }))
        {
            using var node = new RealNode("clerk", 7);
            await using var end = TcpClientEnd.Connect($"127.0.0.1:{host.Port}", new TcpClientOptions { Timeout = TimeSpan.FromSeconds(5) });
            var clerk = node.Invoke(() => new ReferenceKv().CreateClerk(node, [end.End]));
            using var stop = new CancellationTokenSource();
            var garbage = SendGarbageAsync(host.Port, new DeterministicRandom(11), stop.Token);
            for (int i = 0; i < Appends; i++) await node.Invoke(() => clerk.AppendAsync("k", $"[{i}]"));
            await stop.CancelAsync();
            int connections = await garbage;
            Assert.That(connections, Is.GreaterThan(10), "bad connections came and went while the clerk wrote");
        }

        await using var again = KvHost.Start(new ReferenceKv(), new KvHostOptions { Port = 0, DataFolder = folder });
        using var reader = new RealNode("reader", 8);
        await using var readerEnd = TcpClientEnd.Connect($"127.0.0.1:{again.Port}");
        var readerClerk = reader.Invoke(() => new ReferenceKv().CreateClerk(reader, [readerEnd.End]));
        string value = await reader.Invoke(() => readerClerk.GetAsync("k"));
        Assert.That(value, Is.EqualTo(string.Concat(Enumerable.Range(0, Appends).Select(i => $"[{i}]"))),
            "every acknowledged Append is in the next server's data, once, in order");
    }

    /// <summary>Opens connection after connection, each sending one kind of garbage, until stopped; returns how many.</summary>
    private static async Task<int> SendGarbageAsync(int port, DeterministicRandom random, CancellationToken stop)
    {
        int count = 0;
        while (!stop.IsCancellationRequested)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            byte[] bytes = (count % 3) switch
            {
                0 => RandomBytes(random, 1 + random.Next(300)),                                   // random bytes
                1 => [.. BitConverter.GetBytes(100), .. RandomBytes(random, random.Next(50))],   // a frame cut short
                _ => BitConverter.GetBytes(int.MaxValue),                                        // a 2 GB length prefix
            };
            try
            {
                await socket.SendAsync(bytes, SocketFlags.None);
                socket.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException)
            {
                // the server closed it first: as it should
            }
            count++;
        }
        return count;
    }

    private static byte[] RandomBytes(DeterministicRandom random, int length)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++) bytes[i] = (byte)random.Next(256);
        return bytes;
    }
}
