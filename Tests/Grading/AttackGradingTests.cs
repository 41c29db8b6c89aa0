using System.Security.Cryptography;
using System.Text;
using KvService.Grading;

namespace LabRpc.Tests.Grading;

/// <summary>
/// Grades hostile submissions (<c>Tests/Grading/Attacks</c>: the no-duplicate-detection code, which deserves 25 of the
/// attack rubric's 100 points, with an attack beside it) the way an instructor would, and then an honest class with the
/// same harness. The allowlist refuses every attack that needs a refused API, with its file and line; the attacks are
/// also graded with the code check off, to show that the second wall (the protocol, the paths, the sandbox and its
/// limits) holds by itself. Nothing leaks, no other student, the output or the harness is touched, and the honest class
/// graded afterwards — awkward folder names, every project called <c>mykv.csproj</c> — gets full marks.
/// </summary>
[Category("Grading")]
public sealed class AttackGradingTests
{
    private const string Hidden = "424242";
    private string _root = "";
    private Rubric _rubric = null!;
    private string _harnessBefore = "";
    private string _submissionsBefore = "";
    private Dictionary<string, SubmissionResult> _checked = [];
    private Dictionary<string, SubmissionResult> _unchecked = [];
    private Dictionary<string, SubmissionResult> _honest = [];
    private SubmissionResult _rerunBeside = null!;
    private SubmissionResult _rerunAfter = null!;
    private Rubric _honestRubric = null!;
    private Sandbox _sandbox = null!;
    private Sandbox? _wallsSandbox;
    private string _checkedOutput = "";
    private string _uncheckedOutput = "";

    private static string Attacks => Path.Combine(GradingPaths.Corpus, "..", "Attacks");

    /// <summary>The attacks that need an API the allowlist refuses, with a word its refusal must name.</summary>
    private static readonly (string Attack, string Api)[] Refused =
    [
        ("forged-lines", "OpenStandardOutput"), ("reads-work-order", "Console.In"), ("reflection", "GetType"),
        ("pipe-in-the-middle", "DllImport"), ("artifacts-path", "OpenStandardOutput"), ("remount", "DllImport"),
        ("flood", "OpenStandardOutput"), ("shared-memory", "FileStream"), ("fills-scratch", "FileStream"),
        ("threads", "Thread"), ("spinning-thread", "Thread"),
    ];

    /// <summary>The attacks graded again with the code check off: the walls behind the allowlist.</summary>
    private static readonly string[] Unchecked =
        ["forged-lines", "reads-work-order", "artifacts-path", "remount", "flood", "shared-memory", "fills-scratch", "threads", "spinning-thread"];

    /// <summary>Folder names an honest class may have; every project in it is called mykv.csproj.</summary>
    private static readonly string[] HonestNames = ["build", ".work", "Alice", "alice", "with space", "it's \"quoted\"", "ünïcødé", "-dash", "grades.csv"];

    [OneTimeSetUp]
    public void GradeTheAttacksThenAnHonestClass()
    {
        _root = GradingPaths.Scratch("attacks");
        _rubric = Rubric.Load(Path.Combine(GradingPaths.Corpus, "..", "attack-rubric.json"));
        _sandbox = Sandbox.Detect();
        _harnessBefore = FolderHash(Path.GetDirectoryName(GradingPaths.Harness)!);

        string attacks = Path.Combine(_root, "attacks");
        foreach (string attack in Refused.Select(r => r.Attack).Append("build-time")) Assemble(attack, Path.Combine(attacks, attack));
        GradingPaths.Copy(Path.Combine(GradingPaths.Corpus, "no-duplicate-detection"), Path.Combine(attacks, "no-duplicate-detection"));
        GradingPaths.Copy(Path.Combine(GradingPaths.Corpus, "correct"), Path.Combine(attacks, "honest"));
        _submissionsBefore = FolderHash(attacks);
        _checkedOutput = Path.Combine(_root, "checked");
        _checked = Grade(attacks, _checkedOutput);

        string walls = Path.Combine(_root, "walls");
        foreach (string attack in Unchecked) Assemble(attack, Path.Combine(walls, attack));
        GradingPaths.Copy(Path.Combine(GradingPaths.Corpus, "correct"), Path.Combine(walls, "honest"));
        _uncheckedOutput = Path.Combine(_root, "unchecked");
        if (_sandbox.Isolated) _unchecked = Grade(walls, _uncheckedOutput, checkCode: false);

        // Alone, the re-run goes on beside the first pass (a core to spare); with a classmate, after it.
        var rerunRubric = Rubric.Load(Path.Combine(GradingPaths.Corpus, "..", "rerun-rubric.json"));
        string rerun = Path.Combine(_root, "rerun");
        Assemble("rerun-evasion", Path.Combine(rerun, "alone", "rerun-evasion"));
        _rerunBeside = Grade(Path.Combine(rerun, "alone"), Path.Combine(_root, "rerun-alone"), rubric: rerunRubric)["rerun-evasion"];
        Assemble("rerun-evasion", Path.Combine(rerun, "class", "rerun-evasion"));
        GradingPaths.Copy(Path.Combine(GradingPaths.Corpus, "correct"), Path.Combine(rerun, "class", "honest"));
        _rerunAfter = Grade(Path.Combine(rerun, "class"), Path.Combine(_root, "rerun-class"), rubric: rerunRubric)["rerun-evasion"];

        string honest = Path.Combine(_root, "honest");
        foreach (string name in HonestNames)
        {
            string folder = Path.Combine(honest, name);
            GradingPaths.Copy(Path.Combine(GradingPaths.Corpus, "correct"), folder);
            File.Move(Path.Combine(folder, "correct.csproj"), Path.Combine(folder, "mykv.csproj"));
        }
        _honestRubric = Rubric.Load(Path.Combine(GradingPaths.Corpus, "..", "honest-rubric.json"));
        _honest = Grade(honest, Path.Combine(_root, "honest-grades"), rubric: _honestRubric);
    }

    private Dictionary<string, SubmissionResult> Grade(string submissions, string output, bool checkCode = true, Rubric? rubric = null)
    {
        var options = new GradeOptions { Submissions = submissions, Output = output, HarnessDll = GradingPaths.Harness, Parallelism = 2, CheckCode = checkCode };
        var grader = new Grader(rubric ?? _rubric, options);
        if (!checkCode) _wallsSandbox = grader.Sandbox;
        var results = grader.Run().ToDictionary(r => r.Student);
        foreach (var r in results.Values.OrderBy(r => r.Student, StringComparer.Ordinal))
            TestContext.Progress.WriteLine($"{r.Student}: {GradeReports.Summary(r)}; {string.Join("; ", r.BuildErrors.Take(1).Concat(r.Tests.Where(t => t.Outcome != TestOutcome.Passed).Select(t => $"{t.Outcome} {t.Reason}")).Distinct().Take(2))}");
        return results;
    }

    /// <summary>An attack as a student would hand it in: the no-duplicate-detection code, the attack's factory and its files.</summary>
    private static void Assemble(string attack, string to)
    {
        string own = Path.Combine(Attacks, attack);
        bool ownProject = Directory.EnumerateFiles(own, "*.csproj").Any();
        foreach (string file in Submission.Files(Path.Combine(GradingPaths.Corpus, "no-duplicate-detection")).Where(f => !(ownProject && f.EndsWith(".csproj", StringComparison.Ordinal))))
        {
            Directory.CreateDirectory(to);
            File.Copy(Path.Combine(GradingPaths.Corpus, "no-duplicate-detection", file), Path.Combine(to, file), overwrite: true);
        }
        File.Copy(Path.Combine(Attacks, "StudentKv.cs"), Path.Combine(to, "StudentKv.cs"), overwrite: true);
        foreach (string file in Submission.Files(own)) File.Copy(Path.Combine(own, file), Path.Combine(to, file), overwrite: true);
    }

    private static SubmissionResult Of(Dictionary<string, SubmissionResult> results, string student) =>
        results.TryGetValue(student, out var r) ? r : throw new AssertionException($"{student} was not graded");

    private double Deserved => Of(_checked, "no-duplicate-detection").Score;

    [Test]
    public void TheCodeUnderEveryAttackDeservesAQuarter()
    {
        Assert.That(Deserved, Is.EqualTo(25), "the no-duplicate-detection code passes the two reliable kvsrv checks and nothing else");
        Assert.That(Of(_checked, "honest").Score, Is.EqualTo(_rubric.MaxPoints));
    }

    [TestCaseSource(nameof(Refused))]
    public void AnAttackThatNeedsARefusedApiIsRefusedWithItsFileAndLine((string Attack, string Api) attack)
    {
        var r = Of(_checked, attack.Attack);
        Assert.That((r.Score, r.Status), Is.EqualTo((0.0, "refused")), string.Join("\n", r.BuildErrors));
        Assert.That(r.BuildErrors, Has.Some.Match(@"Attack\.cs\(\d+,\d+\)").And.Some.Contains(attack.Api));
        Assert.That(r.Tests.Select(t => t.Outcome), Is.All.EqualTo(TestOutcome.NotRun), "nothing of it ran");
    }

    [Test]
    public void CodeInTheProjectFilesNeverRunsAndTheCodeIsGradedAsItDeserves()
    {
        var r = Of(_checked, "build-time");
        Assert.That(r.Score, Is.EqualTo(Deserved));
        Assert.That(File.Exists(Path.Combine(_root, "tampered-at-build-time.txt")), Is.False);
        Assert.That(File.Exists("/tmp/labrpc-build-time-attack") || File.Exists("/tmp/labrpc-build-time-attack-csproj"), Is.False);
    }

    [Test]
    public void NoOtherStudentTheSubmissionsNorTheHarnessIsTouched()
    {
        Assert.That(FolderHash(Path.Combine(_root, "attacks")), Is.EqualTo(_submissionsBefore), "the submissions");
        Assert.That(FolderHash(Path.GetDirectoryName(GradingPaths.Harness)!), Is.EqualTo(_harnessBefore), "the harness");
        foreach (var output in new[] { _checkedOutput, _uncheckedOutput }.Where(Directory.Exists))
        {
            Assert.That(File.Exists(Path.Combine(output, GradeReports.ClassCsv)), output);
            Assert.That(SubmissionResult.Read(GradeReports.RecordPath(output, "honest")).Score, Is.EqualTo(_rubric.MaxPoints), output);
            Assert.That(Directory.Exists(Path.Combine(output, Grader.WorkFolder, "students")) && Directory.EnumerateFileSystemEntries(Path.Combine(output, Grader.WorkFolder, "students")).Any(),
                Is.False, "no scratch is left behind");
        }
    }

    [Test]
    public void AnHonestClassGradedAfterTheAttacksGetsFullMarksStudentByStudent()
    {
        Assert.That(_honest.Keys, Is.EquivalentTo(HonestNames));
        foreach (var r in _honest.Values)
        {
            Assert.That(r.Score, Is.EqualTo(_honestRubric.MaxPoints), $"{r.Student}: {string.Join("; ", r.BuildErrors.Concat(r.Tests.Select(t => t.Reason)).Where(t => t.Length > 0).Take(3))}");
            Assert.That(File.Exists(Path.Combine(_root, "honest-grades", Submission.KeyOf(r.Student), "feedback.md")), r.Student);
        }
        Assert.That(_honest.Values.Select(r => Submission.KeyOf(r.Student)).Distinct(StringComparer.OrdinalIgnoreCase).Count(), Is.EqualTo(HonestNames.Length));
        Assert.That(File.ReadAllLines(Path.Combine(_root, "honest-grades", GradeReports.ClassCsv)), Has.Length.EqualTo(HonestNames.Length + 1));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void ARerunThatDoesNotFinishIsNondeterministicNotSkipped(bool beside)
    {
        var rerun = beside ? _rerunBeside : _rerunAfter;
        Assert.That(rerun.Nondeterministic, Is.True, string.Join("\n", rerun.Tests.Select(t => $"{t.Id}: {t.Outcome} {t.Reason}")));
        Assert.That(rerun.Score, Is.Zero);
        Assert.That(rerun.Tests.Where(t => t.Nondeterministic).Select(t => t.Reason), Has.Some.Contains("did not finish"));
    }

    [Test]
    public void ForgedResultLinesDoNotCount()
    {
        var r = Unchecked_("forged-lines");
        Assert.That(r.Score, Is.Zero);
        Assert.That(r.Tests.Select(t => t.Outcome), Is.All.EqualTo(TestOutcome.Crashed));
        Assert.That(r.Tests[0].Reason, Does.Contain("exited (code 0)"));
    }

    [Test]
    public void TheWorkOrderCannotBeReadAndNoHiddenSeedReachesTheStudent()
    {
        var r = Unchecked_("reads-work-order");
        Assert.That(r.Score, Is.EqualTo(Deserved), "standard input is empty by the time the submission runs");
        foreach (var (student, output) in _unchecked.Keys.Select(s => (s, _uncheckedOutput)).Concat(_checked.Keys.Select(s => (s, _checkedOutput))))
        {
            foreach (string file in StudentFiles(Path.Combine(output, Submission.KeyOf(student))))
                Assert.That(File.ReadAllText(file), Does.Not.Contain(Hidden).And.Not.Contain("hiddenSeeds"), file);
        }
    }

    [Test]
    public void APathInAResultLineIsNeverActedOn()
    {
        var r = Unchecked_("artifacts-path");
        Assert.That(r.Score, Is.Zero);
        Assert.That(r.Tests.Where(t => t.Artifacts is not null), Is.Empty);
        Assert.That(SubmissionResult.Read(GradeReports.RecordPath(_uncheckedOutput, "honest")).Score, Is.EqualTo(_rubric.MaxPoints));
    }

    [Test]
    public void TheReadOnlyHarnessCannotBeRemounted()
    {
        var r = Unchecked_("remount");
        Assert.That(r.Score, Is.Zero);
        Assert.That(r.Tests[0].Reason, Does.Contain("refused"));
        Assert.That(File.Exists(Path.Combine(Path.GetDirectoryName(GradingPaths.Harness)!, "labrpc-startup-hook.txt")), Is.False);
    }

    [Test]
    public void AFloodOfOutputStopsTheWorkerNotTheGrader()
    {
        var r = Unchecked_("flood");
        Assert.That(r.Score, Is.Zero);
        Assert.That(r.Tests[0].Reason, Does.Contain("limits on output"));
    }

    [TestCase("shared-memory")]
    [TestCase("fills-scratch")]
    public void SharedMemoryAndScratchAreBounded(string attack)
    {
        var r = Unchecked_(attack);
        Assert.That(r.Score, Is.Zero);
        Assert.That(r.Tests[0].Reason, Does.Contain("No space left").Or.Contain("out of memory").Or.Contain("killed"));
        Assert.That(r.Tests[0].Reason, Does.Not.Contain("wrote 3 GiB").And.Not.Contain("wrote 4 GiB"));
    }

    [Test]
    public void TheNumberOfThreadsIsBounded()
    {
        var r = Unchecked_("threads");
        Assert.That(r.Score, Is.Zero);
        Assert.That(r.Tests[0].Reason, Does.Not.Contain("started 10,000 threads"));
    }

    [Test]
    public void AWorkerIsEndedOnceItsLastResultIsInEvenWithAThreadThatSpins()
    {
        var r = Unchecked_("spinning-thread");
        Assert.That(r.Score, Is.EqualTo(Deserved));
        Assert.That(WorkerProcessesLeft(_wallsSandbox!), Is.Empty, "no worker of the grader outlives its grading");
    }

    private SubmissionResult Unchecked_(string attack)
    {
        Assume.That(_sandbox.Isolated, "the walls behind the allowlist are bubblewrap's: it is not installed");
        return Of(_unchecked, attack);
    }

    /// <summary>What a student is given of their grade: the feedback, the JUnit file, their view of the result and the failures' files.</summary>
    private static IEnumerable<string> StudentFiles(string folder) =>
        !Directory.Exists(folder) ? [] :
        new[] { "feedback.md", "junit.xml", SubmissionResult.FileName }.Select(f => Path.Combine(folder, f)).Where(File.Exists)
            .Concat(Directory.Exists(Path.Combine(folder, "failures")) ? Directory.EnumerateFiles(Path.Combine(folder, "failures"), "*", SearchOption.AllDirectories) : []);

    /// <summary>Processes (not zombies: those are gone but for their exit status) that run as a uid of this grader's workers.</summary>
    private static List<string> WorkerProcessesLeft(Sandbox sandbox) =>
        [.. Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)).Select(d =>
        {
            try
            {
                var status = File.ReadAllLines(Path.Combine(d, "status"));
                var uid = status.FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))?.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1];
                var state = status.FirstOrDefault(l => l.StartsWith("State:", StringComparison.Ordinal)) ?? "";
                bool ours = uid is not null && int.Parse(uid, System.Globalization.CultureInfo.InvariantCulture) is var u && u >= sandbox.UidOf(0) && u < sandbox.UidOf(0) + Sandbox.UidsPerSandbox;
                return ours && !state.Contains("zombie", StringComparison.Ordinal) ? $"{d} {state} {File.ReadAllText(Path.Combine(d, "cmdline")).Replace('\0', ' ')}" : null;
            }
            catch (IOException)
            {
                return null;
            }
        }).OfType<string>()];

    private static string FolderHash(string folder)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(folder, file) + "\n"));
            sha.AppendData(File.ReadAllBytes(file));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
