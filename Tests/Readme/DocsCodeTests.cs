using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LabRpc.Tests.Readme;

/// <summary>
/// Every C# block of the docs compiles against LabRpc, the contract and the KV service as they are now, and every
/// program that runs a simulation runs. A program (top-level statements) compiles as a console project would, with
/// .NET's implicit usings only; a fragment (a class, a call) compiles with the usings of a submission (LabRpc, the
/// contract, channels) and, for what it leaves out, the surroundings declared for it below.
/// </summary>
public sealed class DocsCodeTests
{
    /// <summary>
    /// What a fragment leaves to its surroundings in the doc, found by a line of it: code put before it (statements,
    /// for a fragment of statements), after it (types), and in a file of its own (usings, the rest of a partial class).
    /// Each surrounding name is declared with a type, so that everything the fragment does with it is checked.
    /// </summary>
    private static readonly Surrounding[] Surroundings =
    [
        new("public sealed class MyKv : IKvImplementation", After: """

            public sealed class MyKvServer(Persister persister) { }
            public sealed class MyClerk(IRuntime runtime, ClientEnd server) : IKvClerk
            {
                public Task<string> GetAsync(string key) => throw new NotImplementedException();
                public Task PutAsync(string key, string value) => throw new NotImplementedException();
                public Task<string> AppendAsync(string key, string arg) => throw new NotImplementedException();
            }
            """),
        new("public sealed class ChannelKvServer", Partial: true, Apart: """
            global using KvService.ChannelStyle;
            public sealed partial class ChannelKvServer
            {
                private void Recover(Persister persister) { }
                private string Apply(KvRequest request) => "";
            }
            """),
        new("int chosen = await Select.On(runtime)", Before: """
            IRuntime runtime = null!;
            Channel<string> requests = SimChannel.CreateUnbounded<string>(), replies = SimChannel.CreateBounded<string>(1);
            Channel<bool> done = SimChannel.CreateUnbounded<bool>();
            string reply = "";
            int sent = 0;
            bool stop = false, retry = false;
            void Handle(string request) { }

            """),
    ];

    /// <summary>
    /// Outlines: blocks that sketch code not written yet, with its gaps (<c>/* ... */</c> for an expression), found by a
    /// line of them. They cannot compile, and are not compiled; each must still be in the docs, so that the list stays
    /// true, and once the code it outlines exists, the block should quote it and leave this list.
    /// </summary>
    private static readonly (string Line, string Why)[] Outlines =
    [
    ];

    private sealed record Surrounding(string Line, string Before = "", string After = "", string Apart = "", bool Partial = false);

    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private const string SubmissionUsings = """
        global using System.Threading.Channels;
        global using LabRpc;
        global using KvService.Contract;
        """;

    private static readonly Lazy<List<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(f => f.EndsWith(".dll", StringComparison.Ordinal))
            .Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToList());

    public static IEnumerable<TestCaseData> CSharpBlocks() =>
        Docs.Blocks().Where(b => b.Language is "csharp" or "cs" && !IsOutline(b)).Select(b => new TestCaseData(b).SetArgDisplayNames(b.ToString()));

    private static bool IsOutline(DocBlock block) => Outlines.Any(o => block.Code.Contains(o.Line, StringComparison.Ordinal));

    [Test]
    public void EveryOutlineLeftUncompiledIsStillInTheDocs()
    {
        // An outline may be marked as text (then nothing compiles it) or as C# (then this list keeps it from compiling).
        var blocks = Docs.Blocks().Where(b => b.Language is "csharp" or "cs" or "text").ToList();
        foreach (var (line, why) in Outlines)
            Assert.That(blocks.Count(b => b.Code.Contains(line, StringComparison.Ordinal)), Is.EqualTo(1), $"the outline '{line}' ({why})");
    }

    [Test]
    public void TheDocsHaveCSharpBlocksToCheck()
    {
        Assert.That(CSharpBlocks().Count(), Is.GreaterThanOrEqualTo(7));
        Assert.That(SimulationPrograms().Count(), Is.GreaterThanOrEqualTo(2), "the front page's program and the simulator page's");
    }

    [TestCaseSource(nameof(CSharpBlocks))]
    public void EveryCSharpBlockCompiles(DocBlock block)
    {
        var (compilation, _) = Compile(block);
        int before = SurroundingOf(block)?.Before.Split('\n').Length - 1 ?? 0;
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => d.Location.SourceTree?.FilePath == block.File
                ? $"{block.File}:{block.Line + d.Location.GetLineSpan().StartLinePosition.Line - before + 1}: {d.Id} {d.GetMessage()}"
                : $"{block.File}:{block.Line} (its surroundings): {d.Id} {d.GetMessage()}")
            .ToList();
        Assert.That(errors, Is.Empty, block.Code);
    }

    public static IEnumerable<TestCaseData> SimulationPrograms() =>
        Docs.Blocks().Where(b => b.Language is "csharp" or "cs" && b.Code.Contains("new Simulation(", StringComparison.Ordinal) && Compile(b).Program)
            .Select(b => new TestCaseData(b).SetArgDisplayNames(b.ToString()));

    [TestCaseSource(nameof(SimulationPrograms))]
    public void EveryProgramThatRunsASimulationRuns(DocBlock block)
    {
        var (compilation, _) = Compile(block);
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.That(emitted.Success, string.Join('\n', emitted.Diagnostics));
        image.Position = 0;
        var context = new AssemblyLoadContext("doc " + block, isCollectible: true);
        try
        {
            var entry = context.LoadFromStream(image).EntryPoint!;
            var result = entry.Invoke(null, entry.GetParameters().Length == 0 ? null : [Array.Empty<string>()]);
            if (result is Task task) task.GetAwaiter().GetResult();
        }
        catch (TargetInvocationException e)
        {
            Assert.Fail($"{block} threw: {e.InnerException}");
        }
        finally
        {
            context.Unload();
        }
    }

    [Test]
    public void TheEngineersProgramIsTheSameOnTheFrontPageAndInTheSimulatorsDocs()
    {
        static string Program(string file) => Docs.BlocksOf(file).Single(b => b.Language == "csharp").Code;
        Assert.That(Program("docs/simulator/README.md"), Is.EqualTo(Program("README.md")));
    }

    private static Surrounding? SurroundingOf(DocBlock block) => Surroundings.SingleOrDefault(l => block.Code.Contains(l.Line, StringComparison.Ordinal));

    private static (CSharpCompilation Compilation, bool Program) Compile(DocBlock block)
    {
        var options = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview);
        var surrounding = SurroundingOf(block);
        string code = block.Code;
        if (surrounding is not null)
        {
            if (surrounding.Partial) code = code.Replace(surrounding.Line, surrounding.Line.Replace(" class ", " partial class ", StringComparison.Ordinal), StringComparison.Ordinal);
            code = surrounding.Before + code + surrounding.After;
        }
        var tree = CSharpSyntaxTree.ParseText(code, options, path: block.File);
        bool statements = tree.GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any();
        bool program = statements && surrounding is null;
        var trees = new List<SyntaxTree> { tree, CSharpSyntaxTree.ParseText(ImplicitUsings, options) };
        if (!program) trees.Add(CSharpSyntaxTree.ParseText(SubmissionUsings, options));
        if (surrounding is { Apart.Length: > 0 }) trees.Add(CSharpSyntaxTree.ParseText(surrounding.Apart, options, path: "surroundings.cs"));
        var compilation = CSharpCompilation.Create("Doc" + block.Line, trees, References.Value,
            new CSharpCompilationOptions(statements ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return (compilation, program);
    }
}
