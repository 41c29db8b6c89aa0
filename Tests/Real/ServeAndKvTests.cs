using KvService;
using KvService.Cli;
using KvService.Real;
using KvService.Reference;

namespace LabRpc.Tests.Real;

/// <summary>
/// <c>serve</c> and <c>kv</c> on a real machine: the reference server on a real node, over TCP, with its data in a
/// folder; the <c>kv</c> command's requests, retries and errors.
/// </summary>
public sealed class ServeAndKvTests
{
    private static (int Code, string Output) Run(params string[] args)
    {
        var output = new StringWriter();
        int code = Program.Run(args, output, output);
        return (code, output.ToString());
    }

    private static KvHost Start(string folder) =>
        KvHost.Start(new ReferenceKv(), new KvHostOptions { Port = 0, DataFolder = folder });

    [Test]
    public async Task KvPutGetAndAppendReachTheServerAndSurviveARestart()
    {
        string folder = RealPaths.Scratch("put-get");
        int port;
        await using (var host = Start(folder))
        {
            port = host.Port;
            string server = $"127.0.0.1:{port}";
            Assert.That(Run("kv", "put", "subject", "6.824", "--server", server), Is.EqualTo((0, "")));
            Assert.That(Run("kv", "append", "subject", " spring", "--server", server), Is.EqualTo((0, "")));
            Assert.That(Run("kv", "get", "subject", "--server", server), Is.EqualTo((0, "6.824 spring" + Environment.NewLine)));
            Assert.That(Run("kv", "get", "nothing", "--server", server), Is.EqualTo((0, Environment.NewLine)));
        }
        await using (var again = Start(folder))
        {
            Assert.That(Run("kv", "get", "subject", "--server", $"127.0.0.1:{again.Port}"), Is.EqualTo((0, "6.824 spring" + Environment.NewLine)),
                "what was acknowledged is read back from the data folder by the next server");
        }
    }

    [Test]
    public void AReadWithNoServerGivesUpAfterItsTriesWithExitCode1()
    {
        int port = FreePort();
        var (code, output) = Run("kv", "get", "k", "--server", $"127.0.0.1:{port}", "--tries", "3", "--timeout", "100ms");
        Assert.That(code, Is.EqualTo(KvCommand.NoAnswer));
        Assert.That(output, Does.Contain($"No answer from 127.0.0.1:{port} after 3 tries").And.Contain("Nothing was changed"));
    }

    [Test]
    public void AWriteWithNoServerSaysItMayOrMayNotHaveTakenEffect()
    {
        var (code, output) = Run("kv", "put", "k", "v", "--server", $"127.0.0.1:{FreePort()}", "--tries", "2", "--timeout", "100ms");
        Assert.That(code, Is.EqualTo(KvCommand.NoAnswer));
        Assert.That(output, Does.Contain("may or may not have taken effect"));
    }

    [TestCase("nonsense")]
    [TestCase("localhost:99999")]
    public void ABadServerAddressIsAUsageError(string address)
    {
        var (code, output) = Run("kv", "get", "k", "--server", address);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(output, Does.Contain("--server"));
    }

    [Test]
    public async Task ASecondServerOnTheSameDataFolderIsRefused()
    {
        string folder = RealPaths.Scratch("two-servers");
        await using var first = Start(folder);
        var error = Assert.Throws<KvHostException>(() => Start(folder));
        Assert.That(error!.Message, Does.Contain("already open").And.Contain("--data"));
    }

    [Test]
    public async Task ServeRefusesAPortInUseWithExitCode2()
    {
        string folder = RealPaths.Scratch("port-in-use");
        await using var first = KvHost.Start(new ReferenceKv(), new KvHostOptions { Port = 0, DataFolder = null });
        var (code, output) = Run("serve", "--port", first.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", folder);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(output, Does.Contain("is in use"));
    }

    [Test]
    public async Task TheReferenceImplementationRunsUnchangedOverTcpWithConcurrentClerks()
    {
        await using var host = KvHost.Start(new ReferenceKv(), new KvHostOptions { Port = 0, DataFolder = RealPaths.Scratch("concurrent") });
        var kv = new ReferenceKv();
        var clerks = Enumerable.Range(0, 8).Select(i =>
        {
            var node = new RealNode($"clerk{i}", (ulong)i + 1);
            var end = TcpClientEnd.Connect($"127.0.0.1:{host.Port}");
            return (node, end, clerk: node.Invoke(() => kv.CreateClerk(node, [end.End])));
        }).ToList();
        try
        {
            await Task.WhenAll(clerks.Select((c, i) => c.node.Invoke(async () =>
            {
                for (int j = 0; j < 50; j++) await c.clerk.AppendAsync("shared", $"[{i}.{j}]");
            })));
            var (node, _, reader) = clerks[0];
            string value = await node.Invoke(() => reader.GetAsync("shared"));
            for (int i = 0; i < 8; i++)
                for (int j = 0; j < 50; j++)
                    Assert.That(value.Split($"[{i}.{j}]").Length - 1, Is.EqualTo(1), $"append {i}.{j} is in the value exactly once");
        }
        finally
        {
            foreach (var (node, end, _) in clerks)
            {
                end.Dispose();
                node.Dispose();
            }
        }
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
