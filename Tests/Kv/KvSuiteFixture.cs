using KvService.Contract;
using KvService.Harness;
using KvService.Suite;

namespace LabRpc.Tests.Kv;

/// <summary>
/// A fixture of the KV suite: its tests judge the implementation it is made for (see <see cref="KvSuite.Fixtures"/>),
/// named by a specification that is resolved when a test runs, so that an implementation that cannot be loaded fails
/// each test with the reason.
/// </summary>
public abstract class KvSuiteFixture(string implementation)
{
    /// <summary>The implementation this fixture judges.</summary>
    protected IKvImplementation Implementation => KvSuite.Resolve(implementation);

    /// <summary>Runs <paramref name="test"/> against <see cref="Implementation"/> (see <see cref="KvSuite.Judge(IKvImplementation, ulong, Func{IKvImplementation, ulong, TextWriter, string})"/>).</summary>
    protected void Judge(KvSuiteTest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        IKvImplementation resolved;
        try
        {
            resolved = Implementation;
        }
        catch (KvImplementationException error)
        {
            Assert.Fail(error.Message);
            return;
        }
        KvSuite.Judge(resolved, test.Seed, test.Run);
    }
}
