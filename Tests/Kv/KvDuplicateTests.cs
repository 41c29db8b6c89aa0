using KvService.Suite;

namespace LabRpc.Tests.Kv;

/// <summary>Duplicated requests sent on purpose (see <see cref="KvDuplicateChecks"/>), against the implementation under test.</summary>
[TestFixtureSource(typeof(KvSuite), nameof(KvSuite.Fixtures))]
public sealed class KvDuplicateTests(string implementation) : KvSuiteFixture(implementation)
{
    public static IEnumerable<TestCaseData> Cases => KvSuite.Cases(KvSuiteTests.Duplicates);

    [TestCaseSource(nameof(Cases))]
    public void Check(KvSuiteTest test) => Judge(test);
}
