using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using KvService.Contract;
using KvService.Harness;
using LabRpc;

namespace KvService.Suite;

/// <summary>
/// What a KV cluster holds in the managed heap at the end of a run more than it held at the baseline: the server's (and
/// the clerks') state, and nothing of the runtime's own. The process heap (<see cref="GC.GetTotalMemory(bool)"/> after full
/// blocking collections) is measured four times: before the cluster is made, at the baseline, after the run, and once
/// the whole cluster has been dropped. What the cluster holds is the heap with it minus the heap without it, and the
/// charge is how much that grew from the baseline to the end. Buffers the runtime or a serializer pools (ArrayPool, which
/// <c>JsonSerializer.SerializeToUtf8Bytes</c> of a 10 MiB string grows by 32 MiB), static caches and code compiled on the
/// way outlive the cluster, so they cancel out; anything only the server or the clerks reach is freed with them, so it
/// counts. If the server is still reachable once the cluster is dropped (a static field or a thread outside the
/// simulation keeps it), nothing can be measured and the check fails saying so.
/// </summary>
public static class HeldMemory
{
    private static readonly ConcurrentDictionary<Type, bool> Warmed = new();

    /// <summary>
    /// Runs <paramref name="run"/>, which makes a cluster of <paramref name="implementation"/>, calls
    /// <see cref="Probe.Baseline"/> when its setup is done and <see cref="Probe.End"/> after the operations, and drops the
    /// cluster. Returns what the cluster holds at the end more than at the baseline.
    /// </summary>
    public static Measurement Measure(IKvImplementation implementation, Action<Probe> run)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        ArgumentNullException.ThrowIfNull(run);
        Warm(implementation);
        long before = Heap();
        var probe = new Probe();
        RunAndDrop(run, probe);
        long after = Heap();
        if (probe.AtBaseline is not { } m0 || probe.AtEnd is not { } m1)
            throw new InvalidOperationException("The measured run did not call Probe.Baseline and Probe.End.");
        if (probe.StillReachable() is { } kept)
        {
            throw new KvCheckFailedException(
                $"the server's memory cannot be measured: {kept} is still reachable after the test dropped its cluster. Something " +
                "outside the simulation keeps it: a static field, or a thread. Keep the server's state in the server object.");
        }
        return new Measurement(Held: m1 - after - (m0 - before), ProcessGrowth: m1 - m0);
    }

    /// <summary>The managed heap after full, blocking collections (two: objects that finalizers free go in the second). They
    /// do not compact: <see cref="GC.GetTotalMemory(bool)"/> counts live objects and leaves the free space between them
    /// out, so compacting would not change the figure, and it costs twice the time (it moves the checks' 10 MiB values).</summary>
    public static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
        return GC.GetTotalMemory(forceFullCollection: false);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RunAndDrop(Action<Probe> run, Probe probe) => run(probe);

    /// <summary>A tiny run first, so that what the implementation and the harness set up once per process (static caches,
    /// reflection over the service's handlers) exists before the first measurement.</summary>
    private static void Warm(IKvImplementation implementation)
    {
        if (!Warmed.TryAdd(implementation.GetType(), true)) return;
        using var cluster = new KvCluster(implementation, 1);
        var ck = cluster.MakeClerk();
        cluster.Simulation.Run(async () =>
        {
            await ck.PutAsync("warm", "a");
            await ck.AppendAsync("warm", "b");
            await ck.GetAsync("warm");
        });
    }

    /// <summary>What a run left held.</summary>
    /// <param name="Held">Bytes the cluster holds at the end more than at the baseline: what is charged.</param>
    /// <param name="ProcessGrowth">The whole process heap's growth from the baseline to the end, the runtime's pools and caches
    /// included (not charged; reported).</param>
    public readonly record struct Measurement(long Held, long ProcessGrowth);

    /// <summary>Where a measured run reports its baseline and its end.</summary>
    public sealed class Probe
    {
        private readonly List<(string What, WeakReference Reference)> _watched = [];

        internal long? AtBaseline { get; private set; }

        internal long? AtEnd { get; private set; }

        /// <summary>The setup (cluster, clerks) is done: measures the baseline.</summary>
        public void Baseline() => AtBaseline = Heap();

        /// <summary>The operations are done: measures the heap, and watches the cluster's simulation and server so that
        /// the measurement can tell that they were freed with the cluster.</summary>
        public void End(KvCluster cluster)
        {
            ArgumentNullException.ThrowIfNull(cluster);
            AtEnd = Heap();
            _watched.Add(("the simulation", new WeakReference(cluster.Simulation)));
            _watched.Add(("the server", new WeakReference(cluster.Server)));
            foreach (var service in cluster.Server.Services)
                _watched.Add(($"the server's service object ({service.Receiver.GetType().Name})", new WeakReference(service.Receiver)));
        }

        internal string? StillReachable() => _watched.FirstOrDefault(w => w.Reference.IsAlive).What;
    }
}
