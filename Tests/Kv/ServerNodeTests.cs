using KvService.Contract;
using KvService.Harness;
using KvService.Reference;
using KvService.Scenarios;

namespace LabRpc.Tests.Kv;

/// <summary>
/// The suite's cluster and the fault scenarios make the server the same way, on its own node: a task the implementation
/// starts in CreateServer belongs to the server and dies when it crashes, in both.
/// </summary>
public sealed class ServerNodeTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    [Test]
    public void ATaskStartedInCreateServerDiesWithTheServerInTheSuitesCluster()
    {
        var kv = new TickingKv();
        using var cluster = new KvCluster(kv, 1);
        TimeSpan crashedAt = default;
        cluster.Simulation.Run(async () =>
        {
            await cluster.Simulation.Delay(100 * Ms);
            crashedAt = cluster.Simulation.Elapsed;
            cluster.CrashServerFor(100 * Ms);
            await cluster.Simulation.Delay(300 * Ms);
        });

        AssertTicksStopAtTheCrash(kv, crashedAt);
    }

    [Test]
    public void ATaskStartedInCreateServerDiesWithTheServerInAFaultScenario()
    {
        var kv = new TickingKv();
        var crashAt = 100 * Ms;
        var scenario = new Scenario
        {
            Seed = 1, Clients = 1, OperationsPerClient = 30, Keys = 1, MaxThinkTime = 20 * Ms,
            Faults = [new ServerCrash(crashAt, 100 * Ms, CrashMoment.AtTime)],
        };

        var verdict = ScenarioRunner.Run(scenario, kv);

        Assert.That(verdict.Passed, Is.True, verdict.Describe());
        AssertTicksStopAtTheCrash(kv, crashAt);
    }

    private static void AssertTicksStopAtTheCrash(TickingKv kv, TimeSpan crashedAt)
    {
        Assert.That(kv.Ticks.Any(t => t.Incarnation == 1), Is.True, "the first server's task ran");
        Assert.That(kv.Ticks.Where(t => t.Incarnation == 1).Max(t => t.At), Is.LessThanOrEqualTo(crashedAt), "and stopped when its node crashed");
        Assert.That(kv.Ticks.Any(t => t.Incarnation == 2), Is.True, "the restarted server's task runs");
        Assert.That(kv.Ticks.All(t => t.Node == "kvserver"), Is.True, "on the server's node: " + string.Join(", ", kv.Ticks.Select(t => t.Node).Distinct()));
    }

    /// <summary>The reference, with a server that starts a ticking task on whatever node it is made on.</summary>
    private sealed class TickingKv : IKvImplementation
    {
        private readonly ReferenceKv _reference = new();

        public List<(string Node, int Incarnation, TimeSpan At)> Ticks { get; } = [];

        public string Name => "ticking";

        public Server CreateServer(IRuntime runtime, Persister persister)
        {
            var sim = ((Node)runtime).Simulation;
            runtime.Go(async () =>
            {
                while (true)
                {
                    await runtime.Delay(10 * Ms);
                    Ticks.Add((sim.CurrentNode.Name, sim.CurrentNode.Incarnation, sim.Elapsed));
                }
            }, "ticker");
            return _reference.CreateServer(runtime, persister);
        }

        public IKvClerk CreateClerk(IRuntime runtime, IReadOnlyList<ClientEnd> servers) => _reference.CreateClerk(runtime, servers);
    }
}
