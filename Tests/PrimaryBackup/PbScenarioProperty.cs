using FsCheck;
using FsCheck.Fluent;
using KvService.Contract.PrimaryBackup;
using KvService.PrimaryBackup.Scenarios;
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
    public static Outcome Check(IPbImplementation implementation, int count)
    {
        var runner = new CapturingRunner();
        var config = Config.Quick
            .WithMaxTest(count)
            .WithRunner(runner)
            .WithReplay(FSharpOption<FsCheck.Replay>.Some(new FsCheck.Replay(new Rnd(Seed, Gamma), FSharpOption<int>.None)));
        FsCheck.Check.One(config, Holds(implementation));
        return runner.Outcome ?? throw new InvalidOperationException("FsCheck finished without a result.");
    }

    /// <summary>What a run of the property found.</summary>
    /// <param name="Passed">True if every scenario passed.</param>
    /// <param name="Tests">Scenarios run until the first failure (or all of them).</param>
    /// <param name="Original">The first failing scenario, as generated.</param>
    /// <param name="Shrunk">The smallest failing scenario FsCheck's shrinking reached.</param>
    /// <param name="Shrinks">How many shrinking steps FsCheck took.</param>
    /// <param name="Message">FsCheck's report.</param>
    public sealed record Outcome(bool Passed, int Tests, PbScenario? Original, PbScenario? Shrunk, int Shrinks, string Message);

    private sealed class CapturingRunner : IRunner
    {
        public Outcome? Outcome { get; private set; }

        public void OnStartFixture(Type t) { }

        public void OnArguments(int ntest, FSharpList<object> args, FSharpFunc<int, FSharpFunc<FSharpList<object>, string>> every) { }

        public void OnShrink(FSharpList<object> args, FSharpFunc<FSharpList<object>, string> everyShrink) { }

        public void OnFinished(string name, TestResult testResult)
        {
            var message = Runner.onFinishedToString(name, testResult);
            Outcome = testResult switch
            {
                TestResult.Failed failed => new Outcome(false, failed.Item1.NumberOfTests,
                    failed.Item2.OfType<PbScenario>().FirstOrDefault(), failed.Item3.OfType<PbScenario>().FirstOrDefault(),
                    failed.Item1.NumberOfShrinks, message),
                TestResult.Passed passed => new Outcome(true, passed.Item1.NumberOfTests, null, null, 0, message),
                _ => new Outcome(false, 0, null, null, 0, message),
            };
        }
    }
}
