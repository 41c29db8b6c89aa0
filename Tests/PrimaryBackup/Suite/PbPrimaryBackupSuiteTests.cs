using KvService.PrimaryBackup.Suite;

namespace LabRpc.Tests.PrimaryBackup.Suite;

/// <summary>The primary/backup service (6.824's lab 2B) through failovers, restarts, a replaced primary and concurrent clerks.</summary>
[TestFixtureSource(typeof(PbSuite), nameof(PbSuite.Fixtures))]
public sealed class PbPrimaryBackupSuiteTests(string implementation) : PbSuiteFixture(implementation)
{
    public static IEnumerable<TestCaseData> Cases => PbSuite.Cases(PbSuiteTests.PrimaryBackup);

    [TestCaseSource(nameof(Cases))]
    public void Check(PbSuiteTest test) => Judge(test);
}
