using KvService.PrimaryBackup.Suite;

namespace LabRpc.Tests.PrimaryBackup.Suite;

/// <summary>Servers crash at a request's moments: as an answer leaves, before it leaves, after a forward is applied.</summary>
[TestFixtureSource(typeof(PbSuite), nameof(PbSuite.Fixtures))]
public sealed class PbCrashSuiteTests(string implementation) : PbSuiteFixture(implementation)
{
    public static IEnumerable<TestCaseData> Cases => PbSuite.Cases(PbSuiteTests.Crashes);

    [TestCaseSource(nameof(Cases))]
    public void Check(PbSuiteTest test) => Judge(test);
}
