using System.Globalization;
using LabRpc.Diagram;
using LabRpc.Raft;
using LabRpc.Raft.Harness;
using LabRpc.Raft.Suite;
using LabRpc.Raft.Tester;

namespace LabRpc.Tests.Raft;

/// <summary>
/// What the Raft suite judges and with which seeds: the implementation <c>LABRPC_RAFT_IMPL</c> names (the reference
/// when unset), and each test's fixed seed unless <c>LABRPC_RAFT_SEED</c> gives another. A failure names the
/// implementation, the seed, and the command that runs the test again.
/// </summary>
public static class RaftSuite
{
    /// <summary>The environment variable that replaces every test's fixed seed.</summary>
    public const string SeedVariable = "LABRPC_RAFT_SEED";

    /// <summary>The tests of part <paramref name="group"/> as test cases named as 6.5840 names them.</summary>
    public static IEnumerable<TestCaseData> Cases(string group) =>
        RaftSuiteTests.InGroup(group).Select(t => new TestCaseData(t).SetName(t.Name + group));

    /// <summary>Runs <paramref name="test"/> against the implementation the environment names.</summary>
    public static void Judge(RaftSuiteTest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        IRaftImplementation implementation;
        try
        {
            implementation = RaftImplementations.Resolve(null);
        }
        catch (ArgumentException error)
        {
            Assert.Fail(error.Message);
            return;
        }
        ulong seed = ulong.TryParse(Environment.GetEnvironmentVariable(SeedVariable), NumberStyles.None, CultureInfo.InvariantCulture, out ulong s) ? s : test.Seed;
        try
        {
            test.Run(implementation, seed, TestContext.Out);
        }
        catch (Exception error) when (error is not ResultStateException)
        {
            TestContext.Out.WriteLine($"  ... FAILED: {error.Message}");
            string? diagram = WriteDiagram(error, test, seed);
            Assert.Fail($"{implementation.Name}, seed {seed}: {error.GetType().Name}: {error.Message}\n" +
                (diagram is null ? "" : $"Message diagram up to the failure: {diagram}\n") +
                $"Reproduce: {SeedVariable}={seed} dotnet test Tests -c Release --filter \"Name={TestContext.CurrentContext.Test.Name}\"");
        }
    }

    /// <summary>Writes the failure's message diagram (its last events up to the failure) next to the test results, and
    /// returns its path, or null when the failure has none.</summary>
    private static string? WriteDiagram(Exception error, RaftSuiteTest test, ulong seed)
    {
        var diagram = error switch
        {
            RaftInvariantException invariant => invariant.Diagram,
            RaftCheckException check => check.Diagram,
            _ => null,
        };
        if (diagram is null) return null;
        string folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "raft-failures");
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, $"{test.Group}-{test.Name}-seed{seed}.html");
        DiagramPage.WriteHtml(diagram, path, $"{test.Id}, seed {seed}", [error.Message]);
        TestContext.AddTestAttachment(path);
        return path;
    }
}
