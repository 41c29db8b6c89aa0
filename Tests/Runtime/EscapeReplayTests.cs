using LabRpc.Tests.Networking;

namespace LabRpc.Tests.Runtime;

/// <summary>A run that fails because simulated code escaped to the thread pool replays exactly: same trace hash, same message.</summary>
public sealed class EscapeReplayTests
{
    [Test]
    public void AnEscapeCaughtByStrictDetectionReplaysWithTheSameHashAndMessage()
    {
        // The escaping work races the await after it: done before it (the step goes on, and sends a call) or not (the step
        // ends there). Both ways are forced here, as a busy or an idle machine would make them.
        var outcomes = new HashSet<(ulong Hash, long Steps, string Message)>();
        for (int attempt = 0; attempt < 6; attempt++)
        {
            bool workDoneBeforeTheAwait = attempt % 2 == 1;
            using var f = new NetworkFixture(1, new SimulationOptions { StrictEscapeDetection = true });
            var end = f.End("client");
            var error = Assert.Throws<SimulationEscapeException>(() => f.Sim.Run(async () =>
            {
                await end.Call<string>("JunkServer.Handler2", 1);
                var work = Task.Run(() => 2);
                if (workDoneBeforeTheAwait)
                {
                    while (!work.IsCompleted) Thread.SpinWait(100);
                }
                await end.Call<string>("JunkServer.Handler2", await work);
            }));
            outcomes.Add((f.Sim.TraceHash, f.Sim.Steps, error!.Message));
        }

        Assert.That(outcomes, Has.Count.EqualTo(1), string.Join("\n", outcomes.Select(o => $"{o.Hash:x16} {o.Steps}")));
    }

    [Test]
    public void AnEscapeSeenWhenItsWorkComesBackGivesTheSameMessageAndHashWhenNothingElseRuns()
    {
        // Without strict detection the escape is seen when its work comes back: here the simulation has nothing else to
        // run meanwhile, so it is seen at the same step every time, and the message names no thread number.
        var outcomes = new HashSet<(ulong Hash, string Message)>();
        for (int attempt = 0; attempt < 3; attempt++)
        {
            using var sim = new Simulation(1, new SimulationOptions { EscapeGrace = TimeSpan.FromSeconds(5), StrictEscapeDetection = false });
            using var gate = new ManualResetEventSlim();
            var error = Assert.Throws<SimulationEscapeException>(() => sim.Run(async () =>
            {
                sim.Go(() =>
                {
                    gate.Set();
                    return Task.CompletedTask;
                });
                await Task.Run(() =>
                {
                    gate.Wait();
                    return 1;
                });
            }));
            Assert.That(error!.Message, Does.Not.Match(@"thread \d"), "a thread's number differs from run to run");
            outcomes.Add((sim.TraceHash, error.Message));
        }

        Assert.That(outcomes, Has.Count.EqualTo(1));
    }

    [Test]
    public void AFailedRunsHashStaysAtTheStepThatFailed()
    {
        using var f = new NetworkFixture(1, new SimulationOptions { StrictEscapeDetection = false });
        var end = f.End("client");
        ulong atFailure = 0;
        Assert.Throws<InvalidOperationException>(() => f.Sim.Run(async () =>
        {
            await end.Call<string>("JunkServer.Handler2", 1);
            f.Sim.Fail(new InvalidOperationException("fails the run")); // as strict detection does when code queues to the pool
            atFailure = f.Sim.TraceHash;
            await end.Call<string>("JunkServer.Handler2", 2); // sent in the same step, after the failure
        }));

        Assert.That(f.Sim.TraceHash, Is.EqualTo(atFailure));
    }
}
