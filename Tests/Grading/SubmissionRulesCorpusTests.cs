namespace LabRpc.Tests.Grading;

/// <summary>The rules are usable: our implementations and every honest corpus submission pass them; and they have teeth:
/// every misbehaving corpus submission is refused, with the file and line of the API it misuses.</summary>
public sealed class SubmissionRulesCorpusTests
{
    [TestCase("correct")]
    [TestCase("no-duplicate-detection")]
    [TestCase("forgets-on-crash")]
    [TestCase("allocates")]
    [TestCase("hangs")]
    [TestCase("stack-overflow")]
    public void AnHonestCorpusSubmissionPassesTheRules(string submission)
    {
        var errors = SubmissionCheck.Folders($"Tests/Grading/Corpus/{submission}");
        Assert.That(errors, Is.Empty);
    }

    [TestCase("KvService/Reference")]
    [TestCase("KvService/ChannelStyle")]
    [TestCase("Tests/Kv/Plain")]
    [TestCase("KvService/PrimaryBackup/Reference", "KvService/PrimaryBackup/ViewService")]
    [TestCase("Tests/Kv/Broken", "KvService/Reference")]
    public void OurOwnImplementationsPassTheRules(params string[] folders)
    {
        // Our implementations live in the harness's own namespaces (KvService.*), which a submission may not use (LABRPC006).
        var errors = SubmissionCheck.Folders(folders).Where(e => !e.Contains("error LABRPC006", StringComparison.Ordinal)).ToList();
        Assert.That(errors, Is.Empty);
    }

    [TestCase("escapes", "KvServer.cs", "Task.Run")]
    [TestCase("exits", "KvServer.cs", "Environment.Exit")]
    [TestCase("native-fault", "KvServer.cs", "Marshal.WriteInt32")]
    [TestCase("nondeterministic", "Clerk.cs", "Random.Shared")]
    [TestCase("reads-another", "Peek.cs", "Path.GetDirectoryName")]
    [TestCase("reads-rubric", "Peek.cs", "Type.Assembly")]
    [TestCase("opens-socket", "Sockets.cs", "IPAddress")]
    [TestCase("writes-outside", "Disk.cs", "Path.GetFullPath")]
    public void AMisbehavingCorpusSubmissionIsRefusedWithTheFileLineAndApi(string submission, string file, string api)
    {
        var errors = SubmissionCheck.Folders($"Tests/Grading/Corpus/{submission}");
        TestContext.Out.WriteLine(string.Join("\n", errors));
        Assert.That(errors, Is.Not.Empty);
        Assert.That(errors[0], Does.Match($@"^Tests/Grading/Corpus/{submission}/{file}\(\d+,\d+\): error LABRPC00\d: '[^']*{api.Replace(".", "\\.")}"));
    }
}
