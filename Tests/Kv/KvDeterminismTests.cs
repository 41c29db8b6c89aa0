using KvService.Suite;

namespace LabRpc.Tests.Kv;

/// <summary>The implementation under test is deterministic: a seed replays its run (see <see cref="KvDeterminismChecks"/>).</summary>
[TestFixtureSource(typeof(KvSuite), nameof(KvSuite.Fixtures))]
public sealed class KvDeterminismTests(string implementation) : KvSuiteFixture(implementation)
{
    public static IEnumerable<TestCaseData> Cases => KvSuite.Cases(KvSuiteTests.Determinism);

    [TestCaseSource(nameof(Cases))]
    public void Check(KvSuiteTest test) => Judge(test);
}
