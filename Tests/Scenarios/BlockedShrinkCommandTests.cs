using KvService.Cli;
using KvService.Scenarios;
using LabRpc.Tests.Scenarios.Broken;

namespace LabRpc.Tests.Scenarios;

/// <summary>The check command shrinks a block that strict detection caught at once, like any failure.</summary>
public sealed class BlockedShrinkCommandTests
{
    private string _folder = null!;

    [SetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("labrpc-check-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void ABlockCaughtAtOnceIsShrunkAndDoesNotStopTheSweep()
    {
        var output = new StringWriter();
        var settings = new CheckSettings
        {
            Implementation = typeof(BlockingClerkKv).FullName,
            Output = _folder,
            Sweep = new SweepOptions
            {
                Scenarios = 4, Seed = 1, Parallelism = 2,
                Space = ScenarioSpace.Default with { Clients = new IntRange(1, 3), OperationsPerClient = new IntRange(1, 8) },
                Run = new RunOptions { StrictEscapeDetection = true, StallTimeout = TimeSpan.FromMinutes(5) },
            },
        };

        int code = CheckCommand.Run(settings, CliText.ConsoleFor(output));

        var text = output.ToString();
        Assert.That(code, Is.EqualTo(CheckCommand.Violation), text);
        Assert.That(text, Does.Contain("Shrunk in").And.Not.Contain("Not shrunk").And.Not.Contain("Stopped after")
            .And.Contain("waiting for an unfinished task"));
    }
}
