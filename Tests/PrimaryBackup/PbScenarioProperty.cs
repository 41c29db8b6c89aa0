using FsCheck;
using FsCheck.Fluent;
using KvService.Contract.PrimaryBackup;
using KvService.PrimaryBackup.Scenarios;
using LabRpc.Tests.Scenarios;
using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;

namespace LabRpc.Tests.PrimaryBackup;

/// <summary>
/// The property a primary/backup implementation must have — every generated fault scenario passes (linearizable,
/// at-most-once, live once the faults stop; an undecided check is no pass) — for <c>[Property]</c> tests, and run through
/// FsCheck with the failing scenario and its shrunk form captured, for tests that expect it to fail.
/// </summary>
internal static class PbScenarioProperty
{
    /// <summary>Scenarios per property: enough to catch every broken member, few enough for a fast suite (about 1 s).</summary>
    public const int Count = 300;

    /// <summary>FsCheck's seed and gamma for these properties, as a <c>[Property]</c>'s <c>Replay</c>: <see cref="Seed"/>,<see cref="Gamma"/>.</summary>
    public const string Replay = "20240601,97";

    /// <summary>FsCheck's seed, as in <see cref="Replay"/>.</summary>
    public const ulong Seed = 20240601;

    /// <summary>FsCheck's gamma, as in <see cref="Replay"/>.</summary>
    public const ulong Gamma = 97;

    /// <summary>Every scenario of <see cref="PbScenarioArbitrary.Scenarios"/> passes against <paramref name="implementation"/>;
    /// a failure is labelled with its verdict and the scenario file that replays it.</summary>
    public static Property Holds(IPbImplementation implementation) =>
        Prop.ForAll(PbScenarioArbitrary.Scenarios, scenario =>
        {
            var verdict = PbScenarioRunner.Run(scenario, implementation);
            return verdict.Passed.Label($"{verdict.Describe()}\nSaved as scenario.json, `scripts/replay.sh scenario.json` runs it again " +
                $"(--impl names another implementation):\n{PbScenarioFile.Of(verdict).ToJson()}");
        });

    /// <summary>Runs <see cref="Holds"/> for <paramref name="implementation"/> over at most <paramref name="count"/>
    /// scenarios of <see cref="PbScenarioArbitrary.Scenarios"/> from FsCheck's <see cref="Replay"/>, shrinking a failure.</summary>
    public static PropertyOutcome<PbScenario> Check(IPbImplementation implementation, int count)
    {
        var runner = new CapturingRunner<PbScenario>();
        var config = Config.Quick
            .WithMaxTest(count)
            .WithRunner(runner)
            .WithReplay(FSharpOption<FsCheck.Replay>.Some(new FsCheck.Replay(new Rnd(Seed, Gamma), FSharpOption<int>.None)));
        FsCheck.Check.One(config, Holds(implementation));
        return runner.Outcome ?? throw new InvalidOperationException("FsCheck finished without a result.");
    }
}
