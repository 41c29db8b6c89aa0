using KvService.Cli;
using KvService.Contract.PrimaryBackup;
using KvService.Labs;
using KvService.PrimaryBackup.Scenarios;

namespace LabRpc.Tests.PrimaryBackup;

/// <summary><c>check --lab pb</c> on an implementation object (a zoo member needs no assembly path): the primary/backup lab
/// on the harness's sweep and report, its output written to a writer.</summary>
internal static class PbSweep
{
    public static int Check(IPbImplementation implementation, int scenarios, ulong seed, bool shrink, TextWriter output, string? spec = null,
        string? folder = null, int? parallelism = null) =>
        LabCheck.Run(new PbLab(implementation), new LabCheckSettings
        {
            Range = new SweepRange { Scenarios = scenarios, Seed = seed, Parallelism = parallelism ?? Environment.ProcessorCount },
            Spec = spec ?? "reference",
            Output = folder,
            Shrink = shrink,
            Resume = (first, count) => $"check --lab pb --seed {seed} --from {first} -n {count}",
        }, CliText.ConsoleFor(output));
}
