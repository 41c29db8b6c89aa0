using System.CommandLine;
using System.Security.Cryptography;
using KvService.Contract;
using KvService.Real;
using LabRpc;

namespace KvService.Cli;

/// <summary>
/// <c>kv get|put|append</c>: one request to a KV server over TCP, as the seed's client made one. A request that gets no
/// answer is sent again, unchanged (the same client id and sequence number, so that the server executes a write at
/// most once), a few times; then the command gives up with an error and exit code 1. A read that gave up changed
/// nothing; a write that gave up may or may not have taken effect, and the message says so.
/// </summary>
public static class KvCommand
{
    /// <summary>Exit code when the server did not answer.</summary>
    public const int NoAnswer = 1;

    private const string Help = """
        Send one request to a KV server (see 'serve').

        A request that gets no answer within --timeout is sent again, unchanged, up to --tries times in all; a write keeps
        its client id and sequence number across its tries, so the server executes it at most once.

        Exit codes: 0 done; 1 no answer (a read changed nothing; a write may or may not have taken effect);
        2 a bad option or address.

        Examples:
          kv put subject 6.824
          kv get subject                                 prints 6.824
          kv append subject " spring"                    prints nothing; the value is now "6.824 spring"
          kv get subject --server db1:1234 --tries 10
        """;

    /// <summary>The <c>kv</c> subcommand and its three verbs.</summary>
    public static Command Create()
    {
        var server = new Option<string>("--server", "-s")
        {
            Description = $"The server, host:port. [default: localhost:{KvHostOptions.DefaultPort}]",
            HelpName = "host:port",
            DefaultValueFactory = _ => $"localhost:{KvHostOptions.DefaultPort}",
            Recursive = true,
        };
        var tries = OptionParsers.Int("--tries", "", "How many times to send the request before giving up.", "n", 1, 1000, 5);
        tries.Recursive = true;
        var timeout = new Option<TimeSpan>("--timeout", "-t")
        {
            Description = "How long to wait for each try's answer: e.g. 1s, 500ms. [default: 1s]",
            HelpName = "time",
            DefaultValueFactory = _ => TimeSpan.FromSeconds(1),
            CustomParser = r => OptionParsers.ParseTimeout(r, "--timeout", allowNone: false),
            Recursive = true,
        };
        var command = new Command("kv", Help) { server, tries, timeout };
        var key = new Argument<string>("key") { Description = "The key." };
        var value = new Argument<string>("value") { Description = "The value." };

        var get = new Command("get", "Print the value of a key (an empty line if it has none).") { key };
        get.SetAction((parse, _) => RunAsync<GetReply>(parse, server, tries, timeout, "KvServer.Get",
            id => new GetArgs(parse.GetValue(key)!, id, 1), reply => reply.Value, isWrite: false));
        var put = new Command("put", "Set a key to a value.") { key, value };
        put.SetAction((parse, _) => RunAsync<PutReply>(parse, server, tries, timeout, "KvServer.Put",
            id => new PutArgs(parse.GetValue(key)!, parse.GetValue(value)!, id, 1), _ => null, isWrite: true));
        var append = new Command("append", "Append a value to a key's value.") { key, value };
        append.SetAction((parse, _) => RunAsync<AppendReply>(parse, server, tries, timeout, "KvServer.Append",
            id => new AppendArgs(parse.GetValue(key)!, parse.GetValue(value)!, id, 1), _ => null, isWrite: true));
        command.Subcommands.Add(get);
        command.Subcommands.Add(put);
        command.Subcommands.Add(append);
        return command;
    }

    /// <summary>Sends the request made by <paramref name="args"/> (from a new client id, sequence number 1) until it is
    /// answered or the tries are spent; every try sends the same arguments.</summary>
    private static async Task<int> RunAsync<T>(ParseResult parse, Option<string> serverOption, Option<int> triesOption,
        Option<TimeSpan> timeoutOption, string method, Func<long, object> args, Func<T, string?> print, bool isWrite)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        string server = parse.GetValue(serverOption)!;
        int tries = parse.GetValue(triesOption);
        var timeout = parse.GetValue(timeoutOption);
        TcpClientEnd connection;
        try
        {
            connection = TcpClientEnd.Connect(server, new TcpClientOptions { Timeout = timeout });
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"--server: {e.Message}");
            return CheckCommand.Usage;
        }

        await using (connection)
        {
            var request = args(BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8)) & long.MaxValue);
            for (int attempt = 1; attempt <= tries; attempt++)
            {
                CallResult<T> result;
                try
                {
                    result = await connection.End.Call<T>(method, request);
                }
                catch (Exception e) when (e is RpcException or RemoteException)
                {
                    error.WriteLine($"The server at {server} refused the request: {e.Message}");
                    return CheckCommand.Usage;
                }
                if (result.Ok)
                {
                    if (print(result.Reply!) is { } text) output.WriteLine(text);
                    return 0;
                }
                if (attempt < tries) await Task.Delay(RetryPause(attempt)); // outside the simulation: a real client's pause
            }
            error.WriteLine($"No answer from {server} after {tries} tries of {Durations.Format(timeout)} each. " +
                (isWrite ? "The write may or may not have taken effect (its tries carried one client id and sequence number, so it took effect at most once). " : "Nothing was changed. ") +
                $"Is the server running ('serve --port {PortOf(server)}')?");
            return NoAnswer;
        }
    }

    /// <summary>A short pause between tries, growing a little: 50 ms, 100 ms, 200 ms, at most 1 s.</summary>
    private static TimeSpan RetryPause(int attempt) => TimeSpan.FromMilliseconds(Math.Min(1000, 50 << Math.Min(attempt - 1, 5)));

    private static string PortOf(string address) => address.LastIndexOf(':') is int colon and >= 0 ? address[(colon + 1)..] : "";
}
