using KvService.Contract;
using KvService.Harness;
using LabRpc.Tests.Kv.Broken;
using LabRpc.Tests.Scenarios;
using LabRpc.Tests.Scenarios.Broken;
using KvService.Suite;

namespace LabRpc.Tests.Kv;

/// <summary>
/// The suite fails a broken implementation: one without duplicate detection fails the unreliable tests, and every
/// member of the broken-implementation zoo fails at least one of the suite's checks (with the suite's own seeds).
/// </summary>
public sealed class SuiteHasTeethTests
{
    private static readonly NoDuplicateDetectionKv Broken = new();

    // What the checks report when an append was applied twice (6.824's messages, or the history check's).
    private const string DuplicateApplied = "duplicate element|in returned values|not in return|get wrong value|not linearizable";

    /// <summary>
    /// Zoo members the suite cannot catch yet, and what it needs first. Remove an entry when the suite gains it: the
    /// test case then must pass.
    /// </summary>
    private static readonly Dictionary<Type, string> NotCaughtYet = new()
    {
        [typeof(ValuesThenEntryPersistKv)] = "the suite crashes the server only at a call's stages, never between two persister calls of one request (check and explore do)",
    };

    /// <summary>The suite's checks (<see cref="KvSuiteTests"/>) with their seeds; the memory tests are left out: they are
    /// slow and no zoo member keeps too much. The short scripted crash checks come first.</summary>
    private static readonly KvSuiteTest[] SuiteChecks =
    [
        .. KvSuiteTests.All.Where(t => t.Group != KvSuiteTests.Memory)
            .OrderBy(t => t.Name.StartsWith("CrashDuring", StringComparison.Ordinal) ? 0 : t.Group == KvSuiteTests.Crashes ? 1 : 2),
    ];

    public static IEnumerable<TestCaseData> Zoo => BrokenImplementations.Cases.Select(c =>
        NotCaughtYet.TryGetValue(c.Arguments[0]!.GetType(), out var reason) ? c.Ignore(reason) : c);

    [TestCaseSource(nameof(Zoo))]
    public void EveryBrokenImplementationFailsACheckOfTheSuite(IKvImplementation broken, string bug)
    {
        foreach (var (_, test, seed, check) in SuiteChecks)
        {
            try
            {
                check(broken, seed, TextWriter.Null);
            }
            catch (KvCheckFailedException failure)
            {
                TestContext.Out.WriteLine($"{broken.Name}: caught by {test} (seed {seed}): {failure.Message.Split('\n')[0]}");
                return;
            }
        }
        Assert.Fail($"{broken.Name} ({bug}) passed all {SuiteChecks.Length} checks of the suite");
    }

    [TestCase(typeof(SimpleKv))]
    [TestCase(typeof(AsyncKv))]
    public void TheCorrectBasesOfTheZooPassTheseChecks(Type correct)
    {
        var implementation = (IKvImplementation)Activator.CreateInstance(correct)!;
        foreach (var (_, test, seed, check) in SuiteChecks)
            Assert.DoesNotThrow(() => check(implementation, seed, TextWriter.Null), $"{implementation.Name}: {test} (seed {seed})");
    }

    [Test]
    public void WithoutDuplicateDetectionTheUnreliableManyClientsTestFails()
    {
        var failure = Assert.Throws<KvCheckFailedException>(() => KvChecks.Generic(Broken, 3, TestContext.Out, clients: 5, unreliable: true));
        TestContext.Out.WriteLine($"  ... failed as it should: {failure!.Message}");
        Assert.That(failure.Message, Does.Match(DuplicateApplied));
    }

    [Test]
    public void WithoutDuplicateDetectionTheUnreliableOneKeyTestFails()
    {
        var failure = Assert.Throws<KvCheckFailedException>(() => KvChecks.UnreliableOneKey(Broken, 4, TestContext.Out));
        TestContext.Out.WriteLine($"  ... failed as it should: {failure!.Message}");
        Assert.That(failure.Message, Does.Match(DuplicateApplied));
    }

    [Test]
    public void WithoutDuplicateDetectionOrPersistenceACrashAfterAnAppendIsCaught()
    {
        var failure = Assert.Throws<KvCheckFailedException>(() =>
            KvCrashChecks.Scripted(Broken, 22, TestContext.Out, CallStage.Executed, everyOperation: false, unreliable: false));
        TestContext.Out.WriteLine($"  ... failed as it should: {failure!.Message}");
        Assert.That(failure.Message, Does.Match("returned|not linearizable"));
    }

    [Test]
    public void WithoutDuplicateDetectionTheReliableTestsStillPass()
    {
        // The broken server is wrong only when requests repeat: the failures above are the unreliable network's doing.
        Assert.DoesNotThrow(() => KvChecks.Generic(Broken, 1, TestContext.Out, clients: 1, unreliable: false));
    }
}
