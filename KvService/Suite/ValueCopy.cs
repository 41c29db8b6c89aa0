using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using KvService.Contract;
using KvService.Harness;
using LabRpc;

namespace KvService.Suite;

/// <summary>
/// The unit of the memory checks' bounds: one copy of a value as the implementation stores it. The course's bounds assume
/// Go, whose strings are UTF-8 bytes; a .NET string takes two bytes per character. So a bound such as "30 MiB after two
/// 10 MiB appends" is read as "three copies of a 10 MiB value", and one copy is measured exactly as the checks measure
/// the server (<see cref="HeldMemory"/>): what a server holds after one Put of a value of that length, with its key and its
/// client's entry. A copy counts at most as much as a .NET string of that length (two bytes per character, plus
/// <see cref="Overhead"/>), so that a server which keeps each value twice cannot widen its own bounds.
/// </summary>
public static class ValueCopy
{
    /// <summary>What one stored value may cost beyond its characters (object headers, the key's and the client's entries).</summary>
    public const long Overhead = 64 * 1024;

    private static readonly ConcurrentDictionary<(Type, int), Cost> Costs = new();

    /// <summary>One copy of a value of <paramref name="length"/> characters as <paramref name="implementation"/> stores it
    /// (measured once per implementation type and length).</summary>
    public static Cost Of(IKvImplementation implementation, int length)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        return Costs.GetOrAdd((implementation.GetType(), length), _ =>
        {
            // What else runs in the process can only add to a measurement: the least of three is the value's.
            long held = Enumerable.Range(0, 3).Min(_ => HeldMemory.Measure(implementation, probe =>
            {
                using var cluster = new KvCluster(implementation, 1);
                var ck = cluster.MakeClerk();
                probe.Baseline();
                cluster.Simulation.Run(() => PutValue(cluster.Simulation, ck, length));
                probe.End(cluster);
            }).Held);
            long cap = 2L * length + Overhead;
            return new Cost(length, Math.Clamp(held, 0, cap), held);
        });
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task PutValue(Simulation sim, IKvClerk ck, int length) => ck.PutAsync("k", KvText.RandomValue(sim.Random, length));

    /// <summary>One copy of a <paramref name="Length"/>-character value: <paramref name="Bytes"/> count in bounds,
    /// <paramref name="Measured"/> were measured (more than <c>Bytes</c> only if the cap applied).</summary>
    public readonly record struct Cost(int Length, long Bytes, long Measured)
    {
        /// <summary><paramref name="bytes"/> in copies of this value.</summary>
        public double Copies(long bytes) => Bytes <= 0 ? double.PositiveInfinity : bytes / (double)Bytes;

        /// <inheritdoc/>
        public override string ToString() =>
            $"one copy of a {Length.ToString("N0", CultureInfo.InvariantCulture)}-character value as this server stores it: {KvMemoryChecks.Describe(Bytes)}" +
            (Measured > Bytes ? $" (measured {KvMemoryChecks.Describe(Measured)}, counted as a .NET string at most)" : "");
    }
}
