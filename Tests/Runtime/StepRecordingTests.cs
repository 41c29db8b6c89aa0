namespace LabRpc.Tests.Runtime;

public sealed class StepRecordingTests
{
    /// <summary>A client that calls the junk server a few times, with think time; <paramref name="extra"/> is added to the
    /// third call's argument (what a run that differs from the other would send).</summary>
    private static (ulong Hash, long Steps) Run(StepRecording? recording, int extra = 0)
    {
        using var f = new Networking.NetworkFixture(3, new SimulationOptions { StepRecording = recording });
        var end = f.End("client1");
        f.Sim.Run(async () =>
        {
            await f.Sim.CreateNode("client1").Spawn(async () =>
            {
                for (int i = 0; i < 5; i++)
                {
                    await f.Sim.Delay(TimeSpan.FromMilliseconds(10));
                    await end.Call<string>("JunkServer.Handler2", i + (i == 2 ? extra : 0));
                }
            }, "caller");
        });
        return (f.Sim.TraceHash, f.Sim.Steps);
    }

    [Test]
    public void RecordingEveryStepChangesNothingAndEndsWithTheRunsHash()
    {
        var recording = new StepRecording();
        var plain = Run(null);

        var recorded = Run(recording);

        Assert.That(recorded, Is.EqualTo(plain));
        Assert.That(recording.Count, Is.EqualTo(plain.Steps));
        Assert.That(recording[recording.Count - 1].TraceHash, Is.EqualTo(plain.Hash));
        Assert.That(recording[0].Step, Is.EqualTo(1));
    }

    [Test]
    public void TwoRecordingsOfOneSeedHaveNoDifference()
    {
        var (a, b) = (new StepRecording(), new StepRecording());
        Run(a);
        Run(b);

        Assert.That(StepRecording.FirstDifference(a, b), Is.Null);
    }

    [Test]
    public void FirstDifferenceNamesTheStepTimeNodeAndWhatRan()
    {
        var (a, b) = (new StepRecording(), new StepRecording());
        Run(a);
        Run(b, extra: 1000);

        var difference = StepRecording.FirstDifference(a, b);

        Assert.That(difference, Is.Not.Null);
        // The third call is sent at 30 ms by the caller resuming after its think time.
        Assert.That(difference!.First!.Time, Is.EqualTo(TimeSpan.FromMilliseconds(30)));
        Assert.That(difference.First.Node, Is.EqualTo("client1#1"));
        for (int i = 0; i < difference.Step - 1; i++) Assert.That(a[i].TraceHash, Is.EqualTo(b[i].TraceHash), "the runs agree before it");
        Assert.That(difference.Describe(), Does.StartWith($"step {difference.Step} at 0.03s on node client1#1: both runs ran a timer of runtime.Delay")
            .And.Contain("did something different"));
    }

    [Test]
    public void ADifferenceInWhatRanNamesBothSteps()
    {
        var (a, b) = (new StepRecording(), new StepRecording());
        using (var sim = new Simulation(1, new SimulationOptions { StepRecording = a })) sim.Run(() => sim.Spawn(() => sim.Delay(TimeSpan.FromSeconds(1)), "sleeper"));
        using (var sim = new Simulation(1, new SimulationOptions { StepRecording = b })) sim.Run(async () => await Task.Yield());

        var text = StepRecording.FirstDifference(a, b)!.Describe();

        Assert.That(text, Does.Contain("run 1 ran the start of task 'sleeper'").And.Contain("run 2 ran the continuation of async method"));
    }

    [Test]
    public void ARunThatEndsEarlierIsNamed()
    {
        var (a, b) = (new StepRecording(), new StepRecording());
        using (var sim = new Simulation(1, new SimulationOptions { StepRecording = a })) sim.Run(async () => await Task.Yield());
        using (var sim = new Simulation(1, new SimulationOptions { StepRecording = b }))
        {
            sim.Run(async () =>
            {
                await Task.Yield();
                await Task.Yield();
            });
        }

        var difference = StepRecording.FirstDifference(a, b)!;

        Assert.That(difference.First, Is.Null);
        Assert.That(difference.Describe(), Does.Contain("run 1 had ended"));
    }

    [Test]
    public void ARecordingGivenToANewSimulationStartsAfresh()
    {
        var recording = new StepRecording();
        var first = Run(recording);
        var second = Run(recording);

        Assert.That(recording.Count, Is.EqualTo(second.Steps));
        Assert.That(first, Is.EqualTo(second));
    }

    [Test]
    public void ARecordingKeepsAtMostItsLimitAndComparesWhatItKept()
    {
        var (a, b) = (new StepRecording(maxSteps: 5), new StepRecording(maxSteps: 5));
        var run = Run(a);
        Run(b, extra: 1000); // differs after the first five steps

        Assert.That(a.Count, Is.EqualTo(5));
        Assert.That(a.IsComplete, Is.False);
        Assert.That(run.Steps, Is.GreaterThan(5));
        Assert.That(StepRecording.FirstDifference(a, b), Is.Null, "the first five steps agree");
    }
}
