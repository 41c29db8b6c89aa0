namespace LabRpc.Tests.Real;

/// <summary>
/// <c>serve</c> turns the runtime's inline socket completions on for its process unless the environment already says:
/// what the user set stands, "0" included.
/// </summary>
public sealed class InlineCompletionsTests
{
    private const string Variable = KvService.Program.InlineCompletionsVariable;

    [Test]
    public void TheVariableIsSetWhenTheEnvironmentHasNone()
    {
        var environment = new Dictionary<string, string?>();
        KvService.Program.PreferInlineSocketCompletions(environment.GetValueOrDefault, (name, value) => environment[name] = value);
        Assert.That(environment, Does.ContainKey(Variable).WithValue("1"));
    }

    [TestCase("0")]
    [TestCase("1")]
    public void WhatTheEnvironmentSaysStands(string given)
    {
        var environment = new Dictionary<string, string?> { [Variable] = given };
        KvService.Program.PreferInlineSocketCompletions(environment.GetValueOrDefault, (name, value) => environment[name] = value);
        Assert.That(environment[Variable], Is.EqualTo(given));
    }

    [Test]
    public void TheVariableIsTheOneTheRuntimeReads()
    {
        // The runtime's sockets read this variable (System.Net.Sockets has no runtimeconfig switch for it): its name is in
        // the assembly, so a rename in a later runtime fails here rather than silently turning the setting off.
        var sockets = typeof(System.Net.Sockets.Socket).Assembly.Location;
        Assert.That(File.ReadAllBytes(sockets).AsSpan().IndexOf(System.Text.Encoding.Unicode.GetBytes(Variable)), Is.GreaterThanOrEqualTo(0));
    }
}
