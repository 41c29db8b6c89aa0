using KvService.PrimaryBackup.Suite;
using LabRpc.Tests.PrimaryBackup.Broken;

namespace LabRpc.Tests.PrimaryBackup.Suite;

/// <summary>Every member of the broken zoo fails at least one check of the PB suite (which the reference and the plain
/// implementation pass: <see cref="PbSuite.Fixtures"/>), so a student's classic mistake is caught by <c>dotnet test</c>
/// before the fault scenarios.</summary>
public sealed class PbSuiteHasTeethTests
{
    [TestCaseSource(typeof(BrokenPb), nameof(BrokenPb.Members))]
    public void EveryBrokenMemberFailsACheckOfTheSuite(BrokenPb member)
    {
        foreach (var test in PbSuiteTests.All)
        {
            try
            {
                test.Run(member, test.Seed, TextWriter.Null);
            }
            catch (Exception error) when (error is not ResultStateException)
            {
                TestContext.Out.WriteLine($"{member} ({member.Flaw}) fails {test.Id}: {error.Message.Split('\n')[0]}");
                return;
            }
        }
        Assert.Fail($"{member} ({member.Flaw}) passed every check of the PB suite");
    }
}
