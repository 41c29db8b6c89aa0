using KvService.PrimaryBackup.Suite;

namespace LabRpc.Tests.PrimaryBackup.Suite;

/// <summary>Late and duplicated requests, sent on purpose: old copies and timed-out calls arrive after newer requests.</summary>
[TestFixtureSource(typeof(PbSuite), nameof(PbSuite.Fixtures))]
public sealed class PbDuplicateSuiteTests(string implementation) : PbSuiteFixture(implementation)
{
    public static IEnumerable<TestCaseData> Cases => PbSuite.Cases(PbSuiteTests.Duplicates);

    [TestCaseSource(nameof(Cases))]
    public void Check(PbSuiteTest test) => Judge(test);
}
