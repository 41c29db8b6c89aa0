using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using KvService.Contract;
using KvService.Scenarios;
using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;

namespace LabRpc.Tests.Scenarios;

/// <summary>
/// The property the harness states for a KV implementation — every generated fault scenario passes (linearizable,
/// at-most-once, live) — run through FsCheck, with the failing scenario and its shrunk form captured.
/// </summary>
internal static class ScenarioProperty
{
    /// <summary>The environment variable that sets how many scenarios a property runs (for soaks): <c>LABRPC_SCENARIOS</c>.</summary>
    public const string CountVariable = "LABRPC_SCENARIOS";

    /// <summary>The environment variable that sets FsCheck's seed (default: a fixed one): <c>LABRPC_SCENARIO_SEED</c>.</summary>
    public const string SeedVariable = "LABRPC_SCENARIO_SEED";

    /// <summary>Scenarios per property when <see cref="CountVariable"/> is unset: enough to catch every broken implementation, few enough for a fast suite.</summary>
    public const int DefaultCount = 150;

    private const ulong DefaultSeed = 20240601;

    /// <summary>The number of scenarios a property runs.</summary>
    public static int Count => int.TryParse(Environment.GetEnvironmentVariable(CountVariable), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : DefaultCount;

    /// <summary>FsCheck's seed.</summary>
    public static ulong Seed => ulong.TryParse(Environment.GetEnvironmentVariable(SeedVariable), NumberStyles.None, CultureInfo.InvariantCulture, out ulong s) ? s : DefaultSeed;

    /// <summary>Runs the property for <paramref name="implementation"/> over <paramref name="count"/> scenarios.</summary>
    public static PropertyOutcome<Scenario> Check(IKvImplementation implementation, int count, ulong seed, ScenarioSpace? space = null, RunOptions? run = null)
    {
        // After a run that blocked its thread no other runs (each could wait out the stall timeout): they pass, so
        // FsCheck's shrinking ends at once. A blocked first failure is reported as it was; a shrink candidate that
        // blocks is not taken, and the smallest failure found before it stands.
        Verdict? firstFailure = null;
        bool sawBlocked = false;
        var runner = new CapturingRunner<Scenario>();
        var config = Config.Quick
            .WithMaxTest(count)
            .WithRunner(runner)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, 0x9E3779B97F4A7C15UL | 1), FSharpOption<int>.None)));
        // As check does: the first scenario, every tenth and every failing one run twice, and must replay the same. Once a
        // failure was nondeterministic, every shrink candidate runs twice.
        int index = 0;
        bool nondeterministic = false;
        var property = Prop.ForAll(ScenarioArbitrary.Of(space), scenario =>
        {
            if (sawBlocked) return true;
            var verdict = ScenarioRunner.Run(scenario, implementation, run);
            if ((nondeterministic || KvService.Labs.LabDeterminism.ShouldRepeat(index++, verdict)) && DeterminismCheck.IsRepeatable(verdict))
                verdict = DeterminismCheck.Repeat(verdict, implementation, run ?? RunOptions.Default);
            nondeterministic |= DeterminismCheck.IsNondeterministic(verdict);
            sawBlocked = verdict.Blocked;
            if (verdict.Passed) return true;
            if (firstFailure is not null && verdict.Blocked) return true;
            firstFailure ??= verdict;
            return false;
        });
        FsCheck.Check.One(config, property);
        var outcome = runner.Outcome ?? throw new InvalidOperationException("FsCheck finished without a result.");
        return firstFailure is { Blocked: true } ? outcome with { Blocked = true } : outcome;
    }
}
