using LabRpc.Exploration;

namespace LabRpc.Tests.Exploration;

/// <summary>The walk itself, on synthetic runs whose tree is known: every schedule once, the bounds, cheapest first, and
/// never "complete" when a limit cut it.</summary>
public sealed class ExplorerTests
{
    /// <summary>A run that asks <paramref name="points"/> yes-or-no faults and fails when <paramref name="fails"/> says so.</summary>
    private static Func<ScriptedChooser, bool> Faults(int points, Func<bool[], bool>? fails = null, List<string>? seen = null) => chooser =>
    {
        var taken = new bool[points];
        for (int i = 0; i < points; i++) taken[i] = chooser.Fault(FaultChoice.DropRequest, 0.1);
        seen?.Add(string.Concat(taken.Select(t => t ? '1' : '0')));
        return fails?.Invoke(taken) ?? false;
    };

    [TestCase(0, 1)]
    [TestCase(1, 1 + 4)]
    [TestCase(2, 1 + 4 + 6)]
    [TestCase(4, 16)]
    public void EveryScheduleWithinTheFaultBoundIsJudgedOnce(int maxFaults, int expected)
    {
        var seen = new List<string>();
        var bounds = new ExplorationBounds { MaxFaults = maxFaults, MaxDeviations = 0 };

        var result = Explorer.Explore(Faults(4, seen: seen), bounds);

        Assert.That(result.Complete, Is.True, result.Incomplete);
        Assert.That(result.Found, Is.False);
        Assert.That(result.Schedules, Is.EqualTo(expected));
        Assert.That(seen.Distinct().Count(), Is.EqualTo(expected), "every schedule within the bound was run");
        Assert.That(seen.All(s => s.Count(c => c == '1') <= maxFaults), "none beyond it");
    }

    [Test]
    public void WithoutDeepeningEachScheduleRunsOnce()
    {
        var seen = new List<string>();

        var result = Explorer.Explore(Faults(4, seen: seen), new ExplorationBounds { MaxFaults = 2, MaxDeviations = 0, Deepening = false });

        Assert.That((result.Complete, result.Schedules, result.Runs), Is.EqualTo((true, 11L, 11L)));
        Assert.That(seen, Is.Unique);
    }

    [Test]
    public void DeepeningFindsTheCheapestFailureFirst()
    {
        // Fails with faults at points 2 and 3 (found first depth-first), or with the fault at point 0 alone.
        static bool Fails(bool[] t) => (t[2] && t[3]) || t[0];

        var deep = Explorer.Explore(Faults(4, Fails), new ExplorationBounds { MaxFaults = 2, MaxDeviations = 0 });
        var flat = Explorer.Explore(Faults(4, Fails), new ExplorationBounds { MaxFaults = 2, MaxDeviations = 0, Deepening = false });

        Assert.That(deep.Counterexample, Is.EqualTo(new[] { 1 }), "one fault");
        Assert.That(flat.Counterexample, Is.EqualTo(new[] { 0, 0, 1, 1 }), "depth first without deepening: two faults");
        Assert.That(deep.CostCovered, Is.EqualTo(0), "every schedule of cost 0 was judged before");
    }

    [Test]
    public void TheRunLimitMakesTheSearchIncomplete()
    {
        var result = Explorer.Explore(Faults(4), new ExplorationBounds { MaxFaults = 2, MaxDeviations = 0, MaxRuns = 3 });

        Assert.That(result.Complete, Is.False);
        Assert.That(result.Incomplete, Does.Contain("run limit"));
        Assert.That(result.Runs, Is.EqualTo(3));
    }

    [Test]
    public void TheDepthLimitMakesTheSearchIncompleteWhenItCutsABranch()
    {
        var cut = Explorer.Explore(Faults(4), new ExplorationBounds { MaxFaults = 1, MaxDeviations = 0, MaxDepth = 2 });
        var enough = Explorer.Explore(Faults(4), new ExplorationBounds { MaxFaults = 1, MaxDeviations = 0, MaxDepth = 4 });

        Assert.That((cut.Complete, cut.Schedules), Is.EqualTo((false, 3L)), "the default run and a fault at the first two points");
        Assert.That(cut.Incomplete, Does.Contain("depth"));
        Assert.That((enough.Complete, enough.Schedules), Is.EqualTo((true, 5L)));
    }

    [Test]
    public void ARunThatDoesNotReplayItsScriptStopsTheSearchIncomplete()
    {
        int runs = 0;
        // Only the first run meets branching points: the second, told to take a fault at one, never reaches it.
        var result = Explorer.Explore(chooser =>
        {
            if (++runs == 1)
            {
                chooser.Fault(FaultChoice.Duplicate, 0.1);
                chooser.Fault(FaultChoice.Duplicate, 0.1);
            }
            return false;
        }, new ExplorationBounds { MaxFaults = 1, MaxDeviations = 0, Deepening = false });

        Assert.That(result.Complete, Is.False);
        Assert.That(result.Incomplete, Does.Contain("did not replay"));
    }

    [Test]
    public void APickOfSimulatedCodeIsTriedForEachOptionAsADeviation()
    {
        var picked = new List<int>();

        var result = Explorer.Explore(chooser =>
        {
            picked.Add(chooser.Pick(3));
            return false;
        }, new ExplorationBounds { MaxFaults = 0, MaxDeviations = 1, Deepening = false });

        Assert.That((result.Complete, result.Schedules), Is.EqualTo((true, 3L)));
        Assert.That(picked, Is.EqualTo(new[] { 0, 1, 2 }), "each option in turn");
    }

    [Test]
    public void ARandomPickDrawsWhatTheSimulationsRandomSourceWouldDraw()
    {
        var source = new DeterministicRandom(9);
        var chooser = new RandomChooser(null, new DeterministicRandom(9));

        var picks = Enumerable.Range(0, 50).Select(_ => chooser.Pick(7)).ToArray();

        Assert.That(picks, Is.EqualTo(Enumerable.Range(0, 50).Select(_ => source.Next(7)).ToArray()));
    }
}
