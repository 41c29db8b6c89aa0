using System.Collections.Concurrent;
using System.Globalization;
using KvService.Contract.PrimaryBackup;
using KvService.PrimaryBackup.Implementations;
using KvService.PrimaryBackup.Suite;
using LabRpc.Tests.PrimaryBackup.Plain;

namespace LabRpc.Tests.PrimaryBackup.Suite;

/// <summary>
/// What the PB suite judges and with which seeds: the implementation named by <c>LABRPC_PB_IMPL</c>, and each test's fixed
/// seed unless <c>LABRPC_PB_SEED</c> gives another. With <c>LABRPC_PB_IMPL</c> unset, the suite judges both the reference
/// implementation and <see cref="PlainPb"/> (written from the student guide alone): every check must pass for both.
/// </summary>
public static class PbSuite
{
    /// <summary>The environment variable that replaces every test's fixed seed.</summary>
    public const string SeedVariable = "LABRPC_PB_SEED";

    private static readonly ConcurrentDictionary<string, Lazy<IPbImplementation>> Resolved = new(StringComparer.Ordinal);

    /// <summary>The suite's fixtures: one per implementation judged. Each fixture's argument is the specification
    /// <see cref="Resolve"/> takes, so that a bad <c>LABRPC_PB_IMPL</c> fails each test with its message.</summary>
    public static IEnumerable<TestFixtureData> Fixtures
    {
        get
        {
            string? spec = Environment.GetEnvironmentVariable(PbImplementations.EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(spec))
            {
                yield return new TestFixtureData("").SetArgDisplayNames(Path.GetFileName(spec.Trim()));
                yield break;
            }
            yield return new TestFixtureData("reference").SetArgDisplayNames("reference");
            yield return new TestFixtureData(typeof(PlainPb).FullName).SetArgDisplayNames("plain");
        }
    }

    /// <summary>The tests of <paramref name="group"/> (<see cref="PbSuiteTests"/>) as test cases named for what they pin down.</summary>
    public static IEnumerable<TestCaseData> Cases(string group) => PbSuiteTests.InGroup(group).Select(t => new TestCaseData(t).SetName(t.Name));

    /// <summary>The implementation <paramref name="spec"/> names (<see cref="PbImplementations.Resolve"/>), made once.</summary>
    public static IPbImplementation Resolve(string spec) =>
        Resolved.GetOrAdd(spec, s => new Lazy<IPbImplementation>(() => PbImplementations.Resolve(s))).Value;

    /// <summary>The seed of a test: <paramref name="fixedSeed"/>, or the one <c>LABRPC_PB_SEED</c> names.</summary>
    public static ulong Seed(ulong fixedSeed) =>
        ulong.TryParse(Environment.GetEnvironmentVariable(SeedVariable), NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed) ? seed : fixedSeed;
}
