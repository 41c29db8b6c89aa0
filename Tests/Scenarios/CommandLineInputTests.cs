namespace LabRpc.Tests.Scenarios;

/// <summary>Every bad value on the command line is exit code 2 with a message that names it and what is valid: no
/// stack trace, no .NET type names.</summary>
public sealed class CommandLineInputTests
{
    [TestCase("check", "-n", "abc", "--scenarios: 'abc' is not a whole number. Give a whole number from 1 to 2,147,483,647")]
    [TestCase("check", "-n", "1.5", "--scenarios: '1.5' is not a whole number")]
    [TestCase("check", "-n", "2147483648", "--scenarios: '2147483648' is too large. Give a whole number from 1 to 2,147,483,647")]
    [TestCase("check", "-n", "99999999999999999999999", "--scenarios: '99999999999999999999999' is too large")]
    [TestCase("check", "-n", "0", "--scenarios: '0' is too small. Give a whole number from 1")]
    [TestCase("check", "--parallel", "abc", "--parallel: 'abc' is not a whole number. Give a whole number from 1 to 1,024")]
    [TestCase("check", "--parallel", "0", "--parallel: '0' is too small")]
    [TestCase("check", "--seed", "abc", "--seed: 'abc' is not a seed. Give a whole number from 0 to 18446744073709551615")]
    [TestCase("check", "--seed", "-1", "--seed: '-1' is not a seed")]
    [TestCase("check", "--from", "x", "--from: 'x' is not a whole number")]
    [TestCase("check", "--faults", "", "--faults: '' is not a fault mix. Give all, network, crash, none, or a comma-separated list of unreliable")]
    [TestCase("check", "--faults", ",", "--faults: ',' is not a fault mix")]
    [TestCase("check", "--faults", "floods", "--faults: 'floods' is not a fault mix")]
    [TestCase("check", "--impl", "", "--impl: '' names no implementation. Give 'reference', a type name")]
    [TestCase("check", "--impl", "  ", "--impl: '  ' names no implementation")]
    [TestCase("check", "--clients", "abc", "--clients: 'abc' is not a number or range. Give a whole number of at least 1, or a range min-max")]
    [TestCase("check", "--ops", "2147483648", "--ops: '2147483648' is not a number or range")]
    [TestCase("check", "--fault-events", "3-1", "--fault-events: '3-1' is not a number or range")]
    [TestCase("check", "--check-timeout", "soon", "--check-timeout: 'soon' is not a duration. Give e.g. 30s, 500ms or 2m (a plain number is seconds), or none")]
    [TestCase("check", "--check-timeout", "100000000000s", "--check-timeout: '100000000000s' is longer than the longest limit")]
    [TestCase("check", "--out", "", "--out: '' is not a folder")]
    [TestCase("replay", "x.json", "--check-timeout", "soon", "--check-timeout: 'soon' is not a duration")]
    [TestCase("replay", "x.json", "--impl", "", "--impl: '' names no implementation")]
    [TestCase("replay", "", "scenario.json: '' is not a file")]
    [TestCase("replay", "x.json", "--out", "", "--out: '' is not a folder")]
    [TestCase("lincheck", "x.txt", "--timeout", "soon", "--timeout: 'soon' is not a duration")]
    [TestCase("lincheck", "", "file: '' is not a file")]
    [TestCase("lincheck", "x.txt", "--out", "", "--out: '' is not a file")]
    public void ABadValueIsExitCodeTwoWithAMessageThatNamesItAndTheValidOnes(params string[] argsAndMessage)
    {
        var args = argsAndMessage[..^1];
        var output = new StringWriter();
        var error = new StringWriter();

        int code = KvService.Program.Run(args, output, error);

        var text = output + error.ToString();
        Assert.That(code, Is.EqualTo(2), text);
        Assert.That(text, Does.StartWith(argsAndMessage[^1]));
        Assert.That(text, Does.Not.Contain("System.").And.Not.Contain("Exception").And.Not.Contain("   at "), "no .NET type names or stack traces");
    }

    [Test]
    public void NoneMeansNoTimeLimitForTheChecker()
    {
        var root = new System.CommandLine.RootCommand { KvService.Cli.CheckCommand.Create() };

        var none = root.Parse(["check", "--check-timeout", "none"]);
        var given = root.Parse(["check", "--check-timeout", "90s"]);
        var fallback = root.Parse(["check"]);

        Assert.That(none.Errors, Is.Empty);
        Assert.That(KvService.Cli.OptionParsers.Limit(none.GetValue<string>("--check-timeout")!), Is.Null);
        Assert.That(KvService.Cli.OptionParsers.Limit(given.GetValue<string>("--check-timeout")!), Is.EqualTo(TimeSpan.FromSeconds(90)));
        Assert.That(KvService.Cli.OptionParsers.Limit(fallback.GetValue<string>("--check-timeout")!), Is.EqualTo(TimeSpan.FromSeconds(60)));
    }
}
