using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using KvService.Cli;

namespace KvService;

/// <summary>The command-line entry point: a root command to which each subcommand (one file each in Cli/) is added.</summary>
public static class Program
{
    /// <summary>Runs the command line; a command line that does not parse exits with 2.</summary>
    public static int Main(string[] args)
    {
        if (args is ["serve", ..]) PreferInlineSocketCompletions();
        return Run(args, Console.Out, Console.Error);
    }

    /// <summary>The runtime's environment variable that makes it complete a socket operation on the thread that polled the
    /// socket instead of handing it to the thread pool (one thread hop less per message: 25–30 % more operations per
    /// second for <c>serve</c> with a connection per client).</summary>
    public const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// Turns the runtime's inline socket completions on for this process, unless its environment already says (then that
    /// stands, "0" included). The runtime reads the variable once, when the process first uses a socket, through
    /// <see cref="Environment.GetEnvironmentVariable(string)"/>, which sees what this process set: so it must run before
    /// any socket is made. There is no runtimeconfig switch for it (the runtime reads only the variable). The reading
    /// thread then runs what the read completes: for <c>serve</c>, parsing frames and the server node's handlers, which
    /// must not block in any case (a blocked handler holds up its node, and so every call).
    /// </summary>
    public static void PreferInlineSocketCompletions() =>
        PreferInlineSocketCompletions(Environment.GetEnvironmentVariable, Environment.SetEnvironmentVariable);

    /// <summary>As <see cref="PreferInlineSocketCompletions()"/>, on the environment that <paramref name="read"/> and
    /// <paramref name="write"/> give.</summary>
    internal static void PreferInlineSocketCompletions(Func<string, string?> read, Action<string, string> write)
    {
        if (read(InlineCompletionsVariable) is null) write(InlineCompletionsVariable, "1");
    }

    /// <summary>As <see cref="Main"/>, with the writers for the parser's own output (help, parse errors).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var parse = Root().Parse(args);
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        if (parse.Action is not ParseErrorAction errors) return parse.Invoke(configuration);

        // The errors and the suggestions for a mistyped name, then where the options are, rather than the whole help.
        errors.ShowHelp = false;
        parse.Invoke(configuration);
        var path = new List<string>();
        for (var command = parse.CommandResult; command.Parent is CommandResult parent; command = parent) path.Insert(0, command.Command.Name);
        error.WriteLine($"Options and examples: {CliText.Cli} {string.Join(' ', [.. path, "--help"])}");
        return 2;
    }

    /// <summary>The root command with every subcommand: what <see cref="Run"/> parses (the docs' tests parse their
    /// commands with it too).</summary>
    internal static RootCommand Root()
    {
        var root = new RootCommand("LabRpc KvService: the key/value service and its tools. Start with 'check', the sweep of fault scenarios.");
        root.Subcommands.Add(LinCheckCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(ExploreCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(KvCommand.Create());
        root.Subcommands.Add(ChaosCommand.Create());
        root.Subcommands.Add(GradeCommand.Create());
        root.Subcommands.Add(GradeCommand.WorkerCommand());
        return root;
    }
}
