using KvService.Suite;

namespace LabRpc.Tests.Kv;

/// <summary>The server crashes and restarts from its persister; nothing acknowledged is lost and nothing runs twice.</summary>
[TestFixtureSource(typeof(KvSuite), nameof(KvSuite.Fixtures))]
public sealed class KvCrashTests(string implementation) : KvSuiteFixture(implementation)
{
    public static IEnumerable<TestCaseData> Cases => KvSuite.Cases(KvSuiteTests.Crashes);

    [TestCaseSource(nameof(Cases))]
    public void Check(KvSuiteTest test) => Judge(test);
}
