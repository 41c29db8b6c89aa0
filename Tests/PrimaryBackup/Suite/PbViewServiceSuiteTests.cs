using KvService.PrimaryBackup.Suite;

namespace LabRpc.Tests.PrimaryBackup.Suite;

/// <summary>The view service (6.824's lab 2A), pinged by servers the test plays.</summary>
[TestFixtureSource(typeof(PbSuite), nameof(PbSuite.Fixtures))]
public sealed class PbViewServiceSuiteTests(string implementation) : PbSuiteFixture(implementation)
{
    public static IEnumerable<TestCaseData> Cases => PbSuite.Cases(PbSuiteTests.ViewService);

    [TestCaseSource(nameof(Cases))]
    public void Check(PbSuiteTest test) => Judge(test);
}
