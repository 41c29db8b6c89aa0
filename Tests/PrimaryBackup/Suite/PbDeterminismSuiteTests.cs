using KvService.PrimaryBackup.Suite;

namespace LabRpc.Tests.PrimaryBackup.Suite;

/// <summary>The same seed runs the same way.</summary>
[TestFixtureSource(typeof(PbSuite), nameof(PbSuite.Fixtures))]
public sealed class PbDeterminismSuiteTests(string implementation) : PbSuiteFixture(implementation)
{
    public static IEnumerable<TestCaseData> Cases => PbSuite.Cases(PbSuiteTests.Determinism);

    [TestCaseSource(nameof(Cases))]
    public void Check(PbSuiteTest test) => Judge(test);
}
