using System.CommandLine;
using KvService.Cli;

namespace KvService;

/// <summary>The command-line entry point: a root command to which each subcommand (one file each in Cli/) is added.</summary>
public static class Program
{
    /// <summary>Runs the command line; a command line that does not parse exits with 2.</summary>
    public static int Main(string[] args)
    {
        var root = new RootCommand("LabRpc KvService: the key/value service and its tools. Start with 'check', the sweep of fault scenarios.");
        root.Subcommands.Add(LinCheckCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        var parse = root.Parse(args);
        var code = parse.Invoke();
        return parse.Errors.Count > 0 ? 2 : code;
    }
}
