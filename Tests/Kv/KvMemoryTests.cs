using KvService.Suite;

namespace LabRpc.Tests.Kv;

/// <summary>6.824's kvsrv memory tests (2024) with the course's bounds, in copies of the value as the implementation stores
/// it (see <see cref="KvMemoryChecks"/>), against the implementation under test.</summary>
[NonParallelizable]
[TestFixtureSource(typeof(KvSuite), nameof(KvSuite.Fixtures))]
public sealed class KvMemoryTests(string implementation) : KvSuiteFixture(implementation)
{
    public static IEnumerable<TestCaseData> Cases => KvSuite.Cases(KvSuiteTests.Memory);

    [TestCaseSource(nameof(Cases))]
    public void Check(KvSuiteTest test) => Judge(test);
}
