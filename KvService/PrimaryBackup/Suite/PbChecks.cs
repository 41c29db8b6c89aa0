using System.Globalization;
using KvService.Contract.PrimaryBackup;
using KvService.Harness;
using KvService.Model;
using KvService.PrimaryBackup.Harness;
using KvService.PrimaryBackup.Scenarios;
using KvService.Scenarios;
using LabRpc;
using LabRpc.Faults;
using LabRpc.Linearizability;

namespace KvService.PrimaryBackup.Suite;

/// <summary>
/// The primary/backup service's checks, after 6.824's pbservice tests (lab 2B) and beyond them (crashes at a request's
/// moments, late and duplicated requests, determinism), each on a <see cref="PbCluster"/> of the implementation: each
/// throws <see cref="KvCheckFailedException"/> on the first violation (a wrong value, a history that is not linearizable,
/// an Append applied twice or lost) and returns the <c>... Passed</c> line.
/// </summary>
public static class PbChecks
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    /// <summary>How long a check's operations may take in all, in virtual time.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>Put, Get and Append through the primary of a view with a backup; a missing key reads "".</summary>
    public static string Basic(IPbImplementation implementation, ulong seed, TextWriter output) =>
        Run(implementation, seed, output, "basic put/get/append", new PbClusterOptions { Servers = 2 }, async cluster =>
        {
            var ck = cluster.MakeClerk();
            await cluster.WaitForPrimaryAndBackupAsync();
            await ck.PutAsync("a", "x");
            Expect("Append(a, y) after Put(a, x) returned", await ck.AppendAsync("a", "y"), "x");
            Expect("Get(a)", await ck.GetAsync("a"), "xy");
            Expect("Get of a key never written", await ck.GetAsync("missing"), "");
        });

    /// <summary>The primary crashes between Appends; the backup becomes the primary with every acknowledged write, and no
    /// Append lands twice.</summary>
    public static string PrimaryFails(IPbImplementation implementation, ulong seed, TextWriter output) =>
        Run(implementation, seed, output, "primary failure", new PbClusterOptions(), async cluster =>
        {
            var ck = cluster.MakeClerk();
            var before = await cluster.WaitForPrimaryAndBackupAsync();
            for (int i = 0; i < 5; i++) await ck.AppendAsync("k", Workload.Token(0, i));
            cluster.CrashServer(before.Primary);
            for (int i = 5; i < 10; i++) await ck.AppendAsync("k", Workload.Token(0, i));
            Expect("Get(k) after the primary crashed", await ck.GetAsync("k"), string.Concat(Enumerable.Range(0, 10).Select(i => Workload.Token(0, i))));
            var after = await cluster.ViewAsync();
            if (after.Primary != before.Backup)
                throw new KvCheckFailedException($"primary failure: the backup {before.Backup} should be the primary after {before.Primary} crashed; the view service says {after}.");
        });

    /// <summary>A crashed server comes back empty and is given the state as backup before it can be the primary.</summary>
    public static string RestartedServerGetsTheState(IPbImplementation implementation, ulong seed, TextWriter output) =>
        Run(implementation, seed, output, "restarted server is given the state", new PbClusterOptions { Servers = 2 }, async cluster =>
        {
            var ck = cluster.MakeClerk();
            var sim = cluster.Simulation;
            var first = await cluster.WaitForPrimaryAndBackupAsync();
            await ck.PutAsync("k", "v");
            cluster.CrashServerFor(first.Primary, TimeSpan.FromSeconds(1));
            var second = await cluster.WaitForViewAsync(v => v.Primary == first.Backup && v.Backup == first.Primary, Wait, "the restarted server as backup");
            await ck.AppendAsync("k", "w");
            await sim.Delay(TimeSpan.FromSeconds(1)); // the new backup is given the state and the view acknowledged
            cluster.CrashServer(second.Primary);
            await cluster.WaitForViewAsync(v => v.Primary == first.Primary, Wait, "the restarted server as primary");
            Expect("Get(k) from the restarted server, now primary", await ck.GetAsync("k"), "vw");
        });

    /// <summary>Both servers that hold the state crash at once: the service must not serve from a server that restarted
    /// empty (6.824: "kill last server, new one should not be active"); it waits.</summary>
    public static string LostStateIsNotServed(IPbImplementation implementation, ulong seed, TextWriter output) =>
        Run(implementation, seed, output, "a service that lost its state does not serve", new PbClusterOptions { Servers = 2 }, async cluster =>
        {
            var ck = cluster.MakeClerk();
            var sim = cluster.Simulation;
            var view = await cluster.WaitForPrimaryAndBackupAsync();
            await ck.PutAsync("k", "v");
            cluster.CrashServerFor(view.Primary, TimeSpan.FromSeconds(1));
            cluster.CrashServerFor(view.Backup, TimeSpan.FromSeconds(1));
            var get = cluster.ClerkNode(0).Spawn(async () => Expect("a Get answered after every server holding the state was lost", await ck.GetAsync("k"), "v"));
            await sim.Delay(TimeSpan.FromSeconds(4));
            if (get.IsCompleted) await get; // answered: it must at least be right (it cannot be: nobody holds "v")
        }, checkHistory: false);

    /// <summary>A primary cut off from the view service is replaced; clerks that still believe in it get neither a stale
    /// Get nor a write that lands beside the new primary's (6.824: "partitioned old primary does not complete Gets").</summary>
    public static string ReplacedPrimary(IPbImplementation implementation, ulong seed, TextWriter output) =>
        Scripted(output, implementation, seed, "partitioned old primary does not serve", () =>
        {
            var outcome = PbScripts.StalePrimary(implementation, seed);
            Expect("a clerk's Get(k) through the replaced primary (the new primary had written \"new\")", outcome.Read, "new");
            Expect("k2 after a clerk that believed in the replaced primary wrote it", outcome.Final, "stale-clerk");
            Linearizable(outcome.Linearizable, "partitioned old primary");
        });

    /// <summary>An Append whose reply is lost is retried after two failovers, at a primary that was given the state: the
    /// duplicate table came with it, and the retry is answered, not applied again.</summary>
    public static string RetryAfterTwoFailovers(IPbImplementation implementation, ulong seed, TextWriter output) =>
        Scripted(output, implementation, seed, "a retry after two failovers", () =>
        {
            var (old, final) = PbScripts.RetryAfterTwoFailovers(implementation, seed);
            Expect("the retried Append(k, [0.1]) returned (k held \"a\")", old, "a");
            Expect("k after the retry", final, "a[0.1]");
        });

    /// <summary>Three clerks write one key concurrently while the primary crashes: linearizable, every Append once.</summary>
    public static string ConcurrentOneKey(IPbImplementation implementation, ulong seed, TextWriter output) =>
        Run(implementation, seed, output, "concurrent Put()s and Append()s to the same key", new PbClusterOptions(), async cluster =>
        {
            var sim = cluster.Simulation;
            var clerks = Enumerable.Range(0, 3).Select(_ => cluster.MakeClerk()).ToArray();
            var view = await cluster.WaitForPrimaryAndBackupAsync();
            var work = Workloads(cluster, clerks, keys: 1, operations: 20, TimeSpan.FromMilliseconds(20));
            await sim.Delay(TimeSpan.FromMilliseconds(150));
            cluster.CrashServerFor(view.Primary, TimeSpan.FromSeconds(1));
            await work;
        });

    /// <summary>Four clerks on two keys on an unreliable network while the primary, then the new backup, crash.</summary>
    public static string ConcurrentWithCrashes(IPbImplementation implementation, ulong seed, TextWriter output) =>
        Scripted(output, implementation, seed, "concurrent clerks, unreliable network, repeated crashes", () =>
        {
            var outcome = PbScripts.ConcurrentWithCrashes(implementation, seed);
            if (outcome.AtMostOnce.Count > 0) throw new KvCheckFailedException("at-most-once: " + string.Join("; ", outcome.AtMostOnce));
            Linearizable(outcome.Linearizable, "concurrent clerks through crashes");
        });

    /// <summary>The primary crashes the moment its answer to a Put leaves (the answer arrives): the backup has the write.</summary>
    public static string CrashAsTheAnswerLeaves(IPbImplementation implementation, ulong seed, TextWriter output) =>
        Scripted(output, implementation, seed, "Put() immediately before primary failure", () =>
        {
            var (read, linearizable) = PbScripts.CrashAsTheAnswerLeaves(implementation, seed);
            Expect("Get(k) after the primary crashed as its answer to Put(k, b) left", read, "b");
            Linearizable(linearizable, "crash as the answer leaves");
        });

    /// <summary>The primary crashes after executing an Append, before its answer leaves: the clerk retries at the backup,
    /// which must answer the retry with the Append's old value and not apply it again.</summary>
    public static string CrashBeforeTheAnswerLeaves(IPbImplementation implementation, ulong seed, TextWriter output) =>
        Run(implementation, seed, output, "primary crashes before its answer leaves", new PbClusterOptions(), async cluster =>
        {
            var ck = cluster.MakeClerk();
            var view = await cluster.WaitForPrimaryAndBackupAsync();
            await ck.PutAsync("k", "a");
            cluster.Network.OnCallEvent = e =>
            {
                if (e.Stage == CallStage.Executed && e.End == $"{PbCluster.ClerkName(0)}->{view.Primary}")
                {
                    cluster.Network.OnCallEvent = null;
                    cluster.CrashServer(view.Primary);
                }
            };
            Expect("the retried Append(k, b) returned", await ck.AppendAsync("k", "b"), "a");
            cluster.Network.OnCallEvent = null;
            Expect("Get(k)", await ck.GetAsync("k"), "ab");
        });

    /// <summary>The backup crashes after it applied a forwarded write, before its answer leaves; the primary carries on
    /// with a new backup, and a later failover loses nothing.</summary>
    public static string BackupCrashesAfterAForward(IPbImplementation implementation, ulong seed, TextWriter output) =>
        Run(implementation, seed, output, "backup crashes after applying a forward", new PbClusterOptions(), async cluster =>
        {
            var ck = cluster.MakeClerk();
            var sim = cluster.Simulation;
            var view = await cluster.WaitForPrimaryAndBackupAsync();
            await ck.PutAsync("k", "a");
            cluster.Network.OnCallEvent = e =>
            {
                if (e.Stage == CallStage.Executed && e.End == $"{view.Primary}->{view.Backup}")
                {
                    cluster.Network.OnCallEvent = null;
                    cluster.CrashServerFor(view.Backup, TimeSpan.FromMilliseconds(500));
                }
            };
            await ck.AppendAsync("k", "b");
            cluster.Network.OnCallEvent = null;
            await ck.AppendAsync("k", "c");
            await sim.Delay(TimeSpan.FromSeconds(1.5)); // a new backup is given the state
            cluster.CrashServer(view.Primary);
            Expect("Get(k) after the backup crashed mid-forward and the primary later", await ck.GetAsync("k"), "abc");
        });

    /// <summary>The backup's answer to a forwarded Append is lost, so the primary sends the forward again: the backup applies
    /// it once, and once it is the primary it holds the value the clerk was answered with.</summary>
    public static string ForwardSentAgain(IPbImplementation implementation, ulong seed, TextWriter output) =>
        Run(implementation, seed, output, "a forward sent again is applied once", new PbClusterOptions(), async cluster =>
        {
            var ck = cluster.MakeClerk();
            var sim = cluster.Simulation;
            var view = await cluster.WaitForPrimaryAndBackupAsync();
            await ck.PutAsync("k", "a");
            cluster.Network.OnCallEvent = e =>
            {
                if (e.Stage != CallStage.Executed || e.End != $"{view.Primary}->{view.Backup}") return;
                cluster.Network.OnCallEvent = null;
                cluster.CutOneWay(view.Backup, view.Primary); // this answer is lost; the next gets through
                sim.MainNode.Go(async () =>
                {
                    await sim.Delay(TimeSpan.FromMilliseconds(1));
                    cluster.Heal(view.Backup, view.Primary);
                }, "heal");
            };
            Expect("Append(k, b) after Put(k, a)", await ck.AppendAsync("k", "b"), "a");
            cluster.Network.OnCallEvent = null;
            await sim.Delay(TimeSpan.FromMilliseconds(500));
            cluster.CrashServer(view.Primary);
            Expect("Get(k) from the backup, promoted", await ck.GetAsync("k"), "ab");
        });

    /// <summary>Fixed scenarios in which the link between primary and backup fails (the backup's answers lost, then the
    /// link held) while two clerks write, and then the primary crashes: the backup, promoted, must hold every write the
    /// clerks were answered for. A primary that sends its backup an older copy of its state than the writes it answered
    /// (a state transfer racing a client's write) fails one of them.</summary>
    public static string FlakyLinkThenFailover(IPbImplementation implementation, ulong seed, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"Test (2B): a flaky link between primary and backup, then a failover ({implementation.Name}, seeds {seed}-{seed + FlakyRuns - 1}) ...");
        int rpcs = 0, ops = 0;
        for (ulong s = seed; s < seed + FlakyRuns; s++)
        {
            var scenario = new PbScenario
            {
                Seed = s, Servers = 2, Clients = 2, OperationsPerClient = 16, Keys = 1, MaxThinkTime = TimeSpan.FromMilliseconds(100),
                Faults = [new PbFault(PbFaultKind.FlakyLinkThenFailover, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(600), Gap: TimeSpan.FromMilliseconds(350))],
            };
            var verdict = PbScenarioRunner.Run(scenario, implementation);
            if (verdict.Failed)
                throw new KvCheckFailedException($"{verdict.Describe()}\nReplay it: save it with `check --service pb` or write the scenario above as a file for `replay`.");
            (rpcs, ops) = (rpcs + verdict.Rpcs, ops + verdict.Operations);
        }
        string line = FormattableString.Invariant($"  ... Passed -- {FlakyRuns} runs #RPCs {rpcs} #Ops {ops}");
        output.WriteLine(line);
        return line;
    }

    /// <summary>How many scenarios <see cref="FlakyLinkThenFailover"/> runs.</summary>
    private const int FlakyRuns = 8;

    /// <summary>Every request of a clerk is delivered twice, the copy up to 500 ms late, after the clerk's later requests:
    /// no copy of a write runs again, whatever arrived in between (a Get, a Put, another Append).</summary>
    public static string LateCopies(IPbImplementation implementation, ulong seed, TextWriter output) =>
        Run(implementation, seed, output, "old copies of requests arrive after newer ones", new PbClusterOptions(), async cluster =>
        {
            var clerks = Enumerable.Range(0, 2).Select(_ => cluster.MakeClerk()).ToArray();
            await cluster.WaitForPrimaryAndBackupAsync();
            var windows = ClerkWindows(cluster, 2, (c, s) => new LinkDuplicates(TimeSpan.Zero, TimeSpan.FromHours(1), c, s, 1, TimeSpan.FromMilliseconds(500)));
            await Workloads(cluster, clerks, keys: 2, operations: 15, TimeSpan.FromMilliseconds(30));
            windows.Heal();
            await cluster.Simulation.Delay(TimeSpan.FromSeconds(1)); // every copy has arrived
        });

    /// <summary>A clerk's calls time out while its requests are slow (up to 400 ms, the timeout 30 ms): its retries are
    /// served first, and the old requests arrive after them and after its later ones, and do not run twice.</summary>
    public static string Timeouts(IPbImplementation implementation, ulong seed, TextWriter output) =>
        Run(implementation, seed, output, "calls time out and are retried", new PbClusterOptions(), async cluster =>
        {
            var clerks = Enumerable.Range(0, 2).Select(_ => cluster.MakeClerk()).ToArray();
            await cluster.WaitForPrimaryAndBackupAsync();
            var windows = ClerkWindows(cluster, 2, (c, s) => new LinkTimeouts(TimeSpan.Zero, TimeSpan.FromHours(1), c, s, TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(400)));
            await Workloads(cluster, clerks, keys: 2, operations: 12, TimeSpan.FromMilliseconds(10));
            windows.Heal();
            await cluster.Simulation.Delay(TimeSpan.FromSeconds(1));
        });

    /// <summary>Late copies keep arriving while the primary crashes and the backup takes over: none runs twice.</summary>
    public static string LateCopyAfterFailover(IPbImplementation implementation, ulong seed, TextWriter output) =>
        Run(implementation, seed, output, "late copies across a failover", new PbClusterOptions(), async cluster =>
        {
            var sim = cluster.Simulation;
            var clerks = Enumerable.Range(0, 2).Select(_ => cluster.MakeClerk()).ToArray();
            var view = await cluster.WaitForPrimaryAndBackupAsync();
            var windows = ClerkWindows(cluster, 2, (c, s) => new LinkDuplicates(TimeSpan.Zero, TimeSpan.FromHours(1), c, s, 0.7, TimeSpan.FromMilliseconds(800)));
            var work = Workloads(cluster, clerks, keys: 1, operations: 15, TimeSpan.FromMilliseconds(30));
            await sim.Delay(TimeSpan.FromMilliseconds(200));
            cluster.CrashServerFor(view.Primary, TimeSpan.FromSeconds(1));
            await work;
            windows.Heal();
            await sim.Delay(TimeSpan.FromSeconds(1));
        });

    /// <summary>A scenario with every kind of fault event runs twice from one seed with one trace hash: the implementation
    /// reaches the world only through its runtime (no threads, real timers or unseeded random numbers).</summary>
    public static string SameSeedSameRun(IPbImplementation implementation, ulong seed, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"Test: the same seed runs the same way ({implementation.Name}, seed {seed}) ...");
        var scenario = new PbScenario
        {
            Seed = seed, Servers = 3, Clients = 2, OperationsPerClient = 12, Keys = 2, MaxThinkTime = TimeSpan.FromMilliseconds(40), Unreliable = true,
            Faults =
            [
                new PbFault(PbFaultKind.DuplicateRequests, TimeSpan.Zero, TimeSpan.FromSeconds(1), Rate: 0.5, MaxDelay: TimeSpan.FromMilliseconds(300)),
                new PbFault(PbFaultKind.CrashPrimaryAtMoment, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400), Moment: CrashMoment.AfterExecution),
            ],
        };
        var first = PbScenarioRunner.Run(scenario, implementation);
        var second = PbScenarioRunner.Run(scenario, implementation);
        if (first.TraceHash != second.TraceHash)
            throw new KvCheckFailedException($"two runs of one scenario gave trace hashes {first.TraceHashText} and {second.TraceHashText}: the implementation " +
                "is not deterministic (a thread, a real timer, an unseeded random number, a static left over from an earlier run?).");
        if (first.Failed) throw new KvCheckFailedException(first.Describe());
        string line = FormattableString.Invariant($"  ... Passed -- trace hash {first.TraceHashText} twice #RPCs {first.Rpcs} #Ops {first.Operations}");
        output.WriteLine(line);
        return line;
    }

    /// <summary>Each clerk runs <paramref name="operations"/> operations on its own node (Gets 1 in 3, Puts 1 in 6,
    /// Appends with unique tokens the rest), pausing up to <paramref name="think"/>.</summary>
    private static Task Workloads(PbCluster cluster, ClusterClerk[] clerks, int keys, int operations, TimeSpan think)
    {
        var sim = cluster.Simulation;
        return Task.WhenAll(clerks.Select((ck, c) => cluster.ClerkNode(ck.Id).Spawn(async () =>
        {
            for (int i = 0; i < operations; i++)
            {
                string key = Workload.Key(sim.Random.Next(keys));
                int pick = sim.Random.Next(6);
                if (pick < 2) await ck.GetAsync(key);
                else if (pick == 2) await ck.PutAsync(key, Workload.PutValue(c, i));
                else await ck.AppendAsync(key, Workload.Token(c, i));
                await sim.Delay(TimeSpan.FromMilliseconds(sim.Random.Next((int)think.TotalMilliseconds + 1)));
            }
        }, "clerk " + c.ToString(CultureInfo.InvariantCulture))));
    }

    /// <summary>A window of <paramref name="make"/> on the link from each of the first <paramref name="clerks"/> clerks to
    /// each server, open now, played on top of the cluster's network.</summary>
    private static NetworkFaultWindows ClerkWindows(PbCluster cluster, int clerks, Func<string, string, FaultEvent> make)
    {
        var windows = new NetworkFaultWindows(cluster.Network, cluster.Simulation) { Base = cluster.Network.Faults };
        for (int c = 0; c < clerks; c++)
            foreach (var server in cluster.ServerNames) windows.Open(make(PbCluster.ClerkName(c), server));
        return windows;
    }

    /// <summary>Runs <paramref name="body"/> on a new cluster; then (unless <paramref name="checkHistory"/> is false) reads
    /// every key once more and judges the history: linearizable, every Append at most once and, if acknowledged, in the
    /// final value.</summary>
    private static string Run(IPbImplementation implementation, ulong seed, TextWriter output, string description, PbClusterOptions options,
        Func<PbCluster, Task> body, bool checkHistory = true)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"Test (2B): {description} ({implementation.Name}, seed {seed}) ...");
        using var cluster = new PbCluster(implementation, seed, options with { Simulation = PbScripts.Budget });
        var finals = new Dictionary<string, string>(StringComparer.Ordinal);
        int reader = -1;
        cluster.Simulation.Run(async () =>
        {
            var work = body(cluster);
            if (await Task.WhenAny(work, cluster.Simulation.Delay(Limit)) != work)
                throw new KvCheckFailedException($"{description}: not done after {Limit.TotalSeconds:0} s of virtual time: an operation never returned; " +
                    $"the view service is at {await cluster.ViewAsync()}.");
            await work;
            if (!checkHistory) return;
            var ck = cluster.MakeClerk();
            reader = ck.Id;
            foreach (var key in cluster.History!.ToOperations().Select(o => o.Input.Key).Distinct().Order(StringComparer.Ordinal).ToList())
                await cluster.ClerkNode(ck.Id).Spawn(async () => finals[key] = await ck.GetAsync(key));
        });
        if (checkHistory)
        {
            var history = cluster.History!.ToOperations();
            Linearizable(Judge(cluster, description), description);
            var twice = AtMostOnceChecker.Check(history, finals, reader);
            if (twice.Count > 0) throw new KvCheckFailedException($"{description}: at-most-once: {string.Join("; ", twice)}");
        }
        double seconds = cluster.Simulation.Elapsed.TotalSeconds;
        string line = FormattableString.Invariant($"  ... Passed -- time {seconds:0.0}s (virtual) #RPCs {cluster.Network.TotalCount} #Ops {cluster.Ops}{(cluster.Crashes > 0 ? $" #Crashes {cluster.Crashes}" : "")}");
        output.WriteLine(line);
        return line;
    }

    private static string Scripted(TextWriter output, IPbImplementation implementation, ulong seed, string description, Action body)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"Test (2B): {description} ({implementation.Name}, seed {seed}) ...");
        body();
        string line = "  ... Passed";
        output.WriteLine(line);
        return line;
    }

    private static void Expect(string what, string got, string wanted)
    {
        if (got != wanted) throw new KvCheckFailedException($"{what}: got {KvService.Suite.KvText.Short(got)}, wanted {KvService.Suite.KvText.Short(wanted)}.");
    }

    private static void Linearizable(CheckOutcome outcome, string what)
    {
        if (outcome == CheckOutcome.Illegal) throw new KvCheckFailedException($"{what}: the history is not linearizable.");
    }

    private static CheckOutcome Judge(PbCluster cluster, string title)
    {
        try
        {
            return cluster.CheckLinearizable(title).Outcome;
        }
        catch (KvCheckFailedException error) when (!error.Unknown)
        {
            throw new KvCheckFailedException($"{title}: {error.Message}");
        }
    }
}
