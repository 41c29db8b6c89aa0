using FsCheck;
using FsCheck.Fluent;
using KvService.PrimaryBackup.Scenarios;

namespace LabRpc.Tests.PrimaryBackup;

/// <summary>
/// FsCheck's view of primary/backup scenarios: each made by <see cref="PbScenarioGenerator"/> from a random seed, so that
/// <c>check --service pb</c> and these properties explore the same space, with events kept apart as
/// <see cref="PbScenarioGenerator.KeepsEventsApart"/> requires. A third are the generator's scenarios as drawn, a third
/// the generator's scenarios that hold a split brain, a third those that hold a retry across failovers: the rarer bugs
/// need the compound events, and drawn as the sweep draws them a stale Get served by a replaced primary shows up about
/// once in 120 scenarios, too rarely for a property run of a few hundred. Shrunk by <see cref="PbShrinker.Candidates"/>,
/// keeping only the candidates that still keep events apart.
/// </summary>
internal static class PbScenarioArbitrary
{
    /// <summary>Generated scenarios, weighted towards the compound events (<see cref="PbFaultKind.SplitBrain"/>,
    /// <see cref="PbFaultKind.RetryAcrossFailovers"/>).</summary>
    public static Arbitrary<PbScenario> Scenarios { get; } = Arb.From(
        Gen.Frequency((1, Generated), (1, Generated.Where(s => Holds(s, PbFaultKind.SplitBrain))), (1, Generated.Where(s => Holds(s, PbFaultKind.RetryAcrossFailovers)))),
        Shrink);

    /// <summary>The candidates of <see cref="PbShrinker.Candidates"/> that still keep events apart: a scenario that loses
    /// every server holding the state fails on liveness by design, and is no smaller form of a bug.</summary>
    public static IEnumerable<PbScenario> Shrink(PbScenario scenario) => PbShrinker.Candidates(scenario).Where(PbScenarioGenerator.KeepsEventsApart);

    /// <summary>The generator's scenario for a random seed of 62 bits (FsCheck's own numbers start small and repeat).</summary>
    private static Gen<PbScenario> Generated =>
        Gen.Choose(0, int.MaxValue).Two().Select(t => PbScenarioGenerator.Generate(((ulong)(uint)t.Item1 << 31) | (uint)t.Item2));

    private static bool Holds(PbScenario scenario, PbFaultKind kind) => scenario.Faults.Any(f => f.Kind == kind);
}
