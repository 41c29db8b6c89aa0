using LabRpc.Raft.Suite;
using LabRpc.Raft.Zoo;

namespace LabRpc.Tests.Raft;

/// <summary>
/// Not a check: a search, run by hand, for the seeds at which the suite's tests catch each zoo member (the zoo names one
/// test and seed per member; this finds them). <c>LABRPC_RAFT_ZOO_SEARCH=Name1,Name2</c> picks members,
/// <c>LABRPC_RAFT_ZOO_TESTS=Figure8,Backup</c> the tests, <c>LABRPC_RAFT_ZOO_SEEDS=60</c> how many seeds.
/// </summary>
[Explicit("a search run by hand: dotnet test Tests --filter Name=SearchSeedsThatCatchTheZoo")]
public sealed class RaftZooSearch
{
    [Test]
    public void SearchSeedsThatCatchTheZoo()
    {
        var names = (Environment.GetEnvironmentVariable("LABRPC_RAFT_ZOO_SEARCH") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var tests = (Environment.GetEnvironmentVariable("LABRPC_RAFT_ZOO_TESTS") ?? "Figure8,Figure8Unreliable,Persist2,ReliableChurn,UnreliableChurn,Backup,Rejoin")
            .Split(',', StringSplitOptions.RemoveEmptyEntries);
        int seeds = int.TryParse(Environment.GetEnvironmentVariable("LABRPC_RAFT_ZOO_SEEDS"), out int n) ? n : 40;
        foreach (var member in RaftZoo.All.Where(m => names.Length == 0 || names.Contains(m.Name)))
        {
            bool caught = false;
            for (ulong seed = 1; seed <= (ulong)seeds && !caught; seed++)
            {
                foreach (string name in tests)
                {
                    var test = RaftSuiteTests.Find(name)!;
                    try
                    {
                        test.Run(member.Implementation, seed, TextWriter.Null);
                    }
                    catch (Exception error)
                    {
                        TestContext.Out.WriteLine($"{member.Name}: caught by {test.Id} at seed {seed}: {error.GetType().Name}: {error.Message}");
                        caught = true;
                        break;
                    }
                }
            }
            if (!caught) TestContext.Out.WriteLine($"{member.Name}: not caught by {string.Join(", ", tests)} in seeds 1-{seeds}");
        }
    }
}
