using KvService.Contract.PrimaryBackup;
using KvService.Harness;
using KvService.PrimaryBackup.Suite;

namespace LabRpc.Tests.PrimaryBackup.Suite;

/// <summary>
/// A fixture of the PB suite: its tests judge the implementation it is made for (see <see cref="PbSuite.Fixtures"/>),
/// resolved when a test runs, so that an implementation that cannot be loaded fails each test with the reason; a failure
/// names the implementation and the seed, and the command that runs the test again.
/// </summary>
public abstract class PbSuiteFixture(string implementation)
{
    /// <summary>Runs <paramref name="test"/> against the fixture's implementation.</summary>
    protected static void Judge(string implementation, PbSuiteTest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        IPbImplementation resolved;
        try
        {
            resolved = PbSuite.Resolve(implementation);
        }
        catch (KvImplementationException error)
        {
            Assert.Fail(error.Message);
            return;
        }
        ulong seed = PbSuite.Seed(test.Seed);
        try
        {
            test.Run(resolved, seed, TestContext.Out);
        }
        catch (Exception error) when (error is not ResultStateException)
        {
            TestContext.Out.WriteLine($"  ... FAILED: {error.Message}");
            Assert.Fail($"{resolved.Name}, seed {seed}: {error.Message}\nReproduce: {PbSuite.SeedVariable}={seed} dotnet test --filter \"Name={TestContext.CurrentContext.Test.Name}\"");
        }
    }

    /// <summary>Runs <paramref name="test"/> against this fixture's implementation.</summary>
    protected void Judge(PbSuiteTest test) => Judge(implementation, test);
}
