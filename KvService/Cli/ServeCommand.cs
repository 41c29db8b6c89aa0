using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using KvService.Harness;
using KvService.Real;
using Microsoft.Extensions.Logging;

namespace KvService.Cli;

/// <summary>
/// <c>serve</c>: the KV service on a real machine, as the seed's Go server was: a KV implementation (the reference one
/// unless named) served over TCP on a port, its data in a folder that survives a crash of the process (every reply
/// waits until its writes are on disk). Logs through the console logger; runs until Ctrl-C or SIGTERM.
/// </summary>
public static class ServeCommand
{
    /// <summary>What the server logs when it listens; <c>chaos</c> reads the port from this line.</summary>
    public const string ListeningText = "listening on";

    private const string Help = """
        Serve a KV implementation over TCP, durably: what a clerk (and 'kv') talks to on a real network.

        The data lives in a folder (--data): every Put and Append is written to a log there and flushed to disk before
        its reply leaves (group commit: many requests share one flush), so an acknowledged write survives a crash of the
        process or the machine; the log is compacted as it grows; a torn last record is dropped at start. One server per
        folder. Stop it with Ctrl-C.

        Exit codes: 0 stopped; 1 the data folder is damaged; 2 a bad option, a port or folder in use, or an implementation
        that cannot be loaded.

        Examples:
          serve                                     the reference server on 127.0.0.1:1234, data in ./kvdata
          serve --port 4000 --data /var/lib/kv      another port and folder
          serve --listen 0.0.0.0                    serve other machines too
          serve --impl path/to/MyKv.dll:My.Kv       your implementation, unchanged from the simulation
          serve --in-memory                         no data folder (everything is lost when it stops)
        """;

    /// <summary>The <c>serve</c> subcommand, to add to the root command.</summary>
    public static Command Create()
    {
        var port = OptionParsers.Int("--port", "-p", "The TCP port (0: a free one, logged).", "port", 0, 65535, KvHostOptions.DefaultPort);
        var data = OptionParsers.PathOption("--data", "-d", $"The data folder. [default: ./{KvHostOptions.DefaultDataFolder}]", "folder");
        var inMemory = new Option<bool>("--in-memory") { Description = "Keep the data in memory only: lost when the server stops or crashes." };
        var listen = new Option<IPAddress>("--listen")
        {
            Description = "The address to listen on. [default: 127.0.0.1; 0.0.0.0 for every interface]",
            HelpName = "address",
            DefaultValueFactory = _ => IPAddress.Loopback,
            CustomParser = r => IPAddress.TryParse(OptionParsers.Token(r), out var a) ? a
                : OptionParsers.Fail<IPAddress>(r, $"--listen: '{OptionParsers.Token(r)}' is not an IP address. Give e.g. 127.0.0.1 or 0.0.0.0."),
        };
        var impl = OptionParsers.Implementation(
            $"The implementation to serve: 'reference', a type name, or path/to/Assembly.dll:Namespace.Type. Default: ${KvImplementations.EnvironmentVariable}, else the reference.");
        var maxConnections = OptionParsers.Int("--max-connections", "", "Connections served at once; more are refused.", "n", 1, 1_000_000, 20_000);
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log every connection (Debug level)." };
        var command = new Command("serve", Help) { port, data, inMemory, listen, impl, maxConnections, verbose };
        command.SetAction((parse, cancellation) => RunAsync(
            new KvHostOptions
            {
                Port = parse.GetValue(port),
                Address = parse.GetValue(listen) ?? IPAddress.Loopback,
                DataFolder = parse.GetValue(inMemory) ? null : parse.GetValue(data) ?? KvHostOptions.DefaultDataFolder,
                MaxConnections = parse.GetValue(maxConnections),
            },
            parse.GetValue(impl), parse.GetValue(verbose), parse.InvocationConfiguration.Error, cancellation));
        return command;
    }

    /// <summary>The console logger every real-world command uses: one line per message, with the time.</summary>
    internal static ILoggerFactory ConsoleLogging(bool verbose) => LoggerFactory.Create(builder => builder
        .AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        })
        .SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information));

    private static async Task<int> RunAsync(KvHostOptions options, string? implementation, bool verbose, TextWriter error, CancellationToken cancellation)
    {
        Contract.IKvImplementation kv;
        try
        {
            kv = KvImplementations.Resolve(implementation, "--impl");
        }
        catch (KvImplementationException e)
        {
            error.WriteLine(e.Message);
            return CheckCommand.Usage;
        }

        using var logging = ConsoleLogging(verbose);
        var log = logging.CreateLogger("serve");
        KvHost host;
        try
        {
            host = KvHost.Start(kv, options, logging);
        }
        catch (KvHostException e)
        {
            error.WriteLine(e.Message);
            return e.InnerException is LabRpc.PersisterCorruptException ? 1 : CheckCommand.Usage;
        }

        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.TrySetResult();
        });
        using var registration = cancellation.Register(() => stop.TrySetResult());
        await using (host)
        {
            string where = options.DataFolder is { } folder
                ? $"data in {Path.GetFullPath(folder)} ({host.Persister.Count} records, {host.Persister.Size:N0} bytes recovered)"
                : "data in memory only";
            log.LogInformation("Serving {Implementation} {Listening} {Address}:{Port}; {Where}. Ctrl-C stops it.",
                kv.Name, ListeningText, options.Address, host.Port, where);
            await stop.Task;
            log.LogInformation("Stopping.");
        }
        return 0;
    }
}
