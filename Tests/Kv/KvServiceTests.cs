using KvService.Suite;

namespace LabRpc.Tests.Kv;

/// <summary>6.824's kvsrv tests (2024), in virtual time, against the implementation under test (see <see cref="KvSuite"/>).</summary>
[TestFixtureSource(typeof(KvSuite), nameof(KvSuite.Fixtures))]
public sealed class KvServiceTests(string implementation) : KvSuiteFixture(implementation)
{
    public static IEnumerable<TestCaseData> Cases => KvSuite.Cases(KvSuiteTests.Kvsrv);

    [TestCaseSource(nameof(Cases))]
    public void Check(KvSuiteTest test) => Judge(test);
}
