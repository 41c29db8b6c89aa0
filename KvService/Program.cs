using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using KvService.Cli;

namespace KvService;

/// <summary>The command-line entry point: a root command to which each subcommand (one file each in Cli/) is added.</summary>
public static class Program
{
    /// <summary>Runs the command line; a command line that does not parse exits with 2.</summary>
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

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
