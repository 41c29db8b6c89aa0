using KvService.Scenarios;
using LabRpc.Tests.Kv;

namespace LabRpc.Tests.Scenarios;

/// <summary>
/// The harness's property for the implementation under test (the reference one, or the one <c>LABRPC_KV_IMPL</c>
/// names): every generated fault scenario passes. <c>LABRPC_SCENARIOS</c> raises the number of scenarios for a soak,
/// <c>LABRPC_SCENARIO_SEED</c> changes FsCheck's seed. A failure writes the shrunk scenario's artifacts and prints the
/// command that replays it.
/// </summary>
public sealed class ReferencePropertyTests
{
    [Test]
    public void EveryFaultScenarioIsLinearizableAtMostOnceAndLive()
    {
        var implementation = KvSuite.Implementation;
        var outcome = ScenarioProperty.Check(implementation, ScenarioProperty.Count, ScenarioProperty.Seed);
        TestContext.Out.WriteLine($"{implementation.Name}: {outcome.Tests} scenarios (FsCheck seed {ScenarioProperty.Seed})");
        if (outcome.Passed) return;

        var verdict = ScenarioRunner.Run(outcome.Shrunk!, implementation, RunOptions.Diagnostic);
        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "scenario-failures", $"{implementation.Name}-{verdict.Scenario.Seed}");
        var replay = $"scripts/replay.sh {Path.Combine(folder, "scenario.json")}";
        Artifacts.Write(verdict, folder, "Replay: " + replay);
        string shrunk = outcome.Blocked
            ? "Not shrunk: the implementation blocked the simulation's thread (every try could wait up to the stall timeout). Await instead of blocking."
            : $"Shrunk from: {outcome.Original!.Summary()}";
        Assert.Fail($"{verdict.Describe()}\n{shrunk}\nArtifacts: {folder}\nReplay: {replay}");
    }
}
