using System.Collections.Concurrent;
using System.Globalization;
using KvService.Contract;
using KvService.Suite;
using KvService.Harness;
using LabRpc.Tests.Kv.Plain;

namespace LabRpc.Tests.Kv;

/// <summary>
/// What the KV suite judges and with which seeds: the implementation named by <c>LABRPC_KV_IMPL</c>, and each test's
/// fixed seed unless <c>LABRPC_KV_SEED</c> gives another. With <c>LABRPC_KV_IMPL</c> unset, the suite judges both the
/// reference implementation and <see cref="PlainKv"/> (a plain string-based one): every check must pass for both.
/// </summary>
public static class KvSuite
{
    /// <summary>The environment variable that replaces every test's fixed seed.</summary>
    public const string SeedVariable = "LABRPC_KV_SEED";

    private static readonly ConcurrentDictionary<string, Lazy<IKvImplementation>> Resolved = new(StringComparer.Ordinal);

    /// <summary>The implementation under test.</summary>
    public static IKvImplementation Implementation => Resolve("");

    /// <summary>The suite's fixtures: one per implementation judged (see the class summary). Each fixture's argument is the
    /// specification <see cref="Resolve"/> takes, so that a bad <c>LABRPC_KV_IMPL</c> fails each test with its message.</summary>
    public static IEnumerable<TestFixtureData> Fixtures
    {
        get
        {
            string? spec = Environment.GetEnvironmentVariable(KvImplementations.EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(spec))
            {
                yield return new TestFixtureData("").SetArgDisplayNames(Path.GetFileName(spec.Trim()));
                yield break;
            }
            yield return new TestFixtureData("reference").SetArgDisplayNames("reference");
            yield return new TestFixtureData(typeof(PlainKv).FullName).SetArgDisplayNames("plain");
            yield return new TestFixtureData(typeof(KvService.ChannelStyle.ChannelKv).FullName).SetArgDisplayNames("channel");
        }
    }

    /// <summary>The tests of <paramref name="group"/> (<see cref="KvSuiteTests"/>) as test cases named for what they pin down.</summary>
    public static IEnumerable<TestCaseData> Cases(string group) =>
        KvSuiteTests.InGroup(group).Select(t => new TestCaseData(t).SetName(t.Name));

    /// <summary>The implementation <paramref name="spec"/> names (<see cref="KvImplementations.Resolve"/>), made once.</summary>
    public static IKvImplementation Resolve(string spec) =>
        Resolved.GetOrAdd(spec, s => new Lazy<IKvImplementation>(() => KvImplementations.Resolve(s))).Value;

    /// <summary>The seed of a test: <paramref name="fixedSeed"/>, or the one <c>LABRPC_KV_SEED</c> names.</summary>
    public static ulong Seed(ulong fixedSeed) =>
        ulong.TryParse(Environment.GetEnvironmentVariable(SeedVariable), NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed) ? seed : fixedSeed;

    /// <summary>
    /// Runs a check of the suite and turns its failure (a failed check, a simulation that failed, deadlocked or ran out of
    /// budget, or an exception of the implementation) into a test failure that names the implementation and the seed that reproduces it.
    /// </summary>
    public static void Judge(ulong fixedSeed, Func<IKvImplementation, ulong, TextWriter, string> check) =>
        Judge(Implementation, fixedSeed, check);

    /// <summary>As <see cref="Judge(ulong, Func{IKvImplementation, ulong, TextWriter, string})"/>, for a given implementation.</summary>
    public static void Judge(IKvImplementation implementation, ulong fixedSeed, Func<IKvImplementation, ulong, TextWriter, string> check)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        ArgumentNullException.ThrowIfNull(check);
        ulong seed = Seed(fixedSeed);
        try
        {
            using var named = KvTimeLimit.Naming(TestContext.CurrentContext.Test.Name);
            check(implementation, seed, TestContext.Out);
        }
        catch (Exception error) when (error is not ResultStateException)
        {
            TestContext.Out.WriteLine($"  ... FAILED: {error.Message}");
            Assert.Fail($"{implementation.Name}, seed {seed}: {error.Message}\nReproduce: {SeedVariable}={seed} dotnet test --filter \"Name={TestContext.CurrentContext.Test.Name}\"");
        }
    }
}
