using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LabRpc.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;

namespace KvService.Grading;

/// <summary>
/// Compiles one submission in-process with Roslyn, from its <c>.cs</c> files alone, and checks it against the submission
/// rules (<see cref="SubmissionAnalyzer"/>) before anything of it runs. Why it is built this way:
/// <list type="bullet">
/// <item><b>Nothing the student supplies runs at build time.</b> MSBuild would evaluate the student's project, props and
/// targets, restore packages and load analyzers and source generators, all as the grader's user, outside any sandbox.
/// Here the project file is not read at all: the sources are parsed as text, and the compiler's options, references
/// and analyzers are the grader's.</item>
/// <item><b>The names are the grader's.</b> The assembly is called what the grader says, so any folder name and any
/// project name work, and two students with the same project name never meet. A name a harness assembly grants its
/// internals to (<c>InternalsVisibleTo</c>) is refused.</item>
/// <item><b>The rules are errors.</b> Every diagnostic of the analyzer is an error here (a warning in the student's own
/// build), suppressions included (<c>#pragma warning disable</c> and <c>[SuppressMessage]</c> do not hide one), and
/// generated-looking files are checked like any other. An analyzer that fails refuses the build: the check fails closed.</item>
/// <item><b>Options as the SDK gives a class library</b>: C# latest, nullable enabled, the SDK's implicit usings, a
/// library, optimized, deterministic, no unsafe code; warnings stay warnings (not reported). No documentation file is
/// made, so no <c>&lt;include file=...&gt;</c> is read.</item>
/// <item><b>Errors name the file and line</b> relative to the submission's folder (<c>Clerk.cs(10,29): error CS0266: ...</c>),
/// compiler errors first, at most <see cref="BuildResult.MaxErrors"/>; a refused API says what to use instead.</item>
/// <item><b>A cache.</b> A submission compiled before from the same content, by the same rules, against the same harness
/// (a stamp beside the assembly says so) is not compiled again.</item>
/// <item><b>An embedded PDB</b>, so that a stack trace in the student's feedback names their file and line.</item>
/// </list>
/// </summary>
public static class SubmissionCompiler
{
    private const string StampExtension = ".build";

    /// <summary>The namespaces the SDK imports in every file of a class library with <c>ImplicitUsings</c> enabled.</summary>
    public static IReadOnlyList<string> ImplicitUsings { get; } =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    private static readonly CSharpParseOptions ParseOptions = new(
        LanguageVersion.Latest, DocumentationMode.None, SourceCodeKind.Regular, PreprocessorSymbols());

    /// <summary>
    /// Compiles the submission in <paramref name="submissionFolder"/> (whose content hash is <paramref name="contentHash"/>,
    /// <see cref="Submission.ContentHash"/>) into <paramref name="outputFolder"/>/<paramref name="assemblyName"/>.dll,
    /// against the harness's assemblies in <paramref name="harnessFolder"/> (where LabRpc.dll and KvService.Contract.dll
    /// are). Returns the assembly, or the first errors (compile errors, then refused APIs) and no assembly.
    /// <paramref name="cancellationToken"/> stops a compilation that takes too long (an <see cref="OperationCanceledException"/>).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="assemblyName"/> is not a plain file name, or a harness assembly
    /// grants its internals to it.</exception>
    /// <exception cref="FileNotFoundException">The harness folder lacks LabRpc.dll or KvService.Contract.dll.</exception>
    public static BuildResult Compile(string submissionFolder, string contentHash, string assemblyName, string outputFolder,
        string harnessFolder, CancellationToken cancellationToken = default) =>
        Compile(submissionFolder, contentHash, assemblyName, outputFolder, harnessFolder, checkRules: true, cancellationToken);

    /// <summary>As <see cref="Compile(string, string, string, string, string, CancellationToken)"/>; with
    /// <paramref name="checkRules"/> false the submission rules are not checked (only the tests that show what the sandbox
    /// holds without them compile so).</summary>
    internal static BuildResult Compile(string submissionFolder, string contentHash, string assemblyName, string outputFolder,
        string harnessFolder, bool checkRules, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(assemblyName) || assemblyName.IndexOfAny([.. Path.GetInvalidFileNameChars(), '/', '\\']) >= 0 || assemblyName.StartsWith('.'))
            throw new ArgumentException($"'{assemblyName}' is not a plain file name for an assembly.", nameof(assemblyName));
        var references = ReferenceAssemblies.For(harnessFolder);
        Directory.CreateDirectory(outputFolder);
        string assembly = Path.Combine(outputFolder, assemblyName + ".dll");
        string stamp = Path.Combine(outputFolder, assemblyName + StampExtension);
        string identity = Identity(contentHash + (checkRules ? "" : " unchecked"), assemblyName, harnessFolder);
        if (File.Exists(assembly) && File.Exists(stamp) && File.ReadAllText(stamp) == identity) return new BuildResult(assembly, []);
        foreach (string stale in new[] { assembly, stamp }) File.Delete(stale);

        var (files, sourceErrors) = SubmissionSources.Find(submissionFolder);
        if (sourceErrors.Count > 0) return new BuildResult(null, [.. sourceErrors.Take(BuildResult.MaxErrors)]);
        var trees = new List<SyntaxTree>();
        var readErrors = new List<string>();
        foreach (var file in files)
        {
            var (text, problem) = Read(file);
            if (text is not null) trees.Add(CSharpSyntaxTree.ParseText(text, ParseOptions, file.RelativePath, cancellationToken));
            else readErrors.Add($"{file.RelativePath}: error SUBMISSION: {problem}");
        }
        if (readErrors.Count > 0) return new BuildResult(null, [.. readErrors.Take(BuildResult.MaxErrors)]);

        var compilation = Create(assemblyName, trees, references, cancellationToken);
        var (errors, refused) = Check(compilation, checkRules, cancellationToken);
        if (errors.Count == 0)
        {
            using var pe = new MemoryStream();
            var emitted = compilation.Emit(pe, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.Embedded), cancellationToken: cancellationToken);
            if (emitted.Success)
            {
                string partial = assembly + ".partial";
                File.WriteAllBytes(partial, pe.ToArray());
                File.Move(partial, assembly, overwrite: true);
                File.WriteAllText(stamp, identity);
                return new BuildResult(assembly, []);
            }
            errors.AddRange(emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(Format));
        }
        return new BuildResult(null, [.. errors.Take(BuildResult.MaxErrors)]) { Refused = refused };
    }

    /// <summary>
    /// Checks C# <paramref name="sources"/> (relative path, text) as a submission
    /// against the harness in <paramref name="harnessFolder"/>: the errors <see cref="Compile(string, string, string, string, string, CancellationToken)"/> would give, without
    /// emitting anything (for tests of the rules).
    /// </summary>
    internal static IReadOnlyList<string> Check(IEnumerable<(string Path, string Text)> sources, string harnessFolder)
    {
        // One empty compilation per harness, to which each check adds its files: the referenced assemblies' symbols are
        // then bound once, not once per check.
        var empty = Empty.GetOrAdd(harnessFolder, folder => Create("Submission", [], ReferenceAssemblies.For(folder)));
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(SourceText.From(s.Text, Encoding.UTF8, SourceHashAlgorithm.Sha256), ParseOptions, s.Path));
        return Check(empty.AddSyntaxTrees(trees), checkRules: true, CancellationToken.None).Errors;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, CSharpCompilation> Empty = new(StringComparer.Ordinal);

    /// <summary>The compilation of <paramref name="trees"/> (and the implicit usings) as <paramref name="assemblyName"/>.</summary>
    private static CSharpCompilation Create(string assemblyName, IEnumerable<SyntaxTree> trees, IReadOnlyList<PortableExecutableReference> references, CancellationToken cancellationToken = default)
    {
        var usings = CSharpSyntaxTree.ParseText(GlobalUsings(), ParseOptions, "ImplicitUsings.g.cs", cancellationToken);
        var compilation = CSharpCompilation.Create(assemblyName, [usings, .. trees], references, Options());
        foreach (var reference in references)
        {
            if (compilation.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol harness && harness.GivesAccessTo(compilation.Assembly))
                throw new ArgumentException($"The assembly name '{assemblyName}' is granted the internals of {harness.Name} (InternalsVisibleTo): choose another.", nameof(assemblyName));
        }
        return compilation;
    }

    /// <summary>The compiler's errors, then (with <paramref name="checkRules"/>) the refused APIs; refused when it compiles
    /// but the rules refuse it.</summary>
    private static (List<string> Errors, bool Refused) Check(CSharpCompilation compilation, bool checkRules, CancellationToken cancellationToken)
    {
        var errors = compilation.GetDiagnostics(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).OrderBy(d => d, LocationOrder.Instance).Select(Format).ToList();
        bool compiles = errors.Count == 0;
        if (checkRules) errors.AddRange(Refusals(compilation, cancellationToken));
        return (errors, compiles && errors.Count > 0);
    }

    /// <summary>The analyzer's diagnostics, every one an error (suppressed or not), by file and place, one per line and
    /// message (several operations on a line may reach the same refused API); an analyzer that failed is an error too.
    /// The order and the choice do not depend on the order the analyzer's concurrent actions ran in.</summary>
    private static IEnumerable<string> Refusals(CSharpCompilation compilation, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            onAnalyzerException: (exception, _, _) => { lock (failures) failures.Add($"error SUBMISSION: the check of the submission's code failed ({exception.GetType().Name}: {exception.Message}); it cannot be graded"); },
            concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: true);
        var diagnostics = compilation.WithAnalyzers([new SubmissionAnalyzer()], options).GetAnalyzerDiagnosticsAsync(cancellationToken).GetAwaiter().GetResult();
        var seen = new HashSet<(string, int, string)>();
        var kept = new List<string>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d, LocationOrder.Instance))
        {
            var span = diagnostic.Location.GetLineSpan();
            if (seen.Add((span.Path ?? "", span.StartLinePosition.Line, diagnostic.GetMessage(CultureInfo.InvariantCulture)))) kept.Add(Format(diagnostic));
        }
        return [.. kept, .. failures.Order(StringComparer.Ordinal)];
    }

    private static CSharpCompilationOptions Options() =>
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
            .WithOptimizationLevel(OptimizationLevel.Release)
            .WithDeterministic(true)
            .WithAllowUnsafe(false)
            .WithNullableContextOptions(NullableContextOptions.Enable)
            .WithMetadataImportOptions(MetadataImportOptions.Public)
            .WithCryptoKeyFile(null)
            .WithCryptoKeyContainer(null)
            .WithPublicSign(false)
            .WithSpecificDiagnosticOptions(SubmissionDiagnostics.All.Select(d => KeyValuePair.Create(d.Id, ReportDiagnostic.Error)));

    /// <summary>What the cache stamp holds: the content, the assembly name, the analyzer and the compiler, and the harness
    /// assemblies compiled against. A change to any of them compiles again.</summary>
    private static string Identity(string contentHash, string assemblyName, string harnessFolder)
    {
        var text = new StringBuilder()
            .Append(contentHash).Append('\n').Append(assemblyName).Append('\n')
            .Append(typeof(SubmissionAnalyzer).Assembly.ManifestModule.ModuleVersionId).Append('\n')
            .Append(typeof(CSharpCompilation).Assembly.GetName().Version).Append('\n')
            .Append(ReferenceAssemblies.FrameworkFolder).Append('\n');
        foreach (string harness in ReferenceAssemblies.Harness(harnessFolder)) text.Append(ReferenceAssemblies.ModuleVersionId(harness)).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The file's text (UTF-8 unless it has another byte order mark), or why there is none.</summary>
    private static (SourceText? Text, string Problem) Read(SourceFile file)
    {
        try
        {
            // A file that reports no bytes is not opened: a named pipe or a device reports 0 and could block the grader.
            if (new FileInfo(file.FullPath).Length == 0) return (SourceText.From("", Encoding.UTF8, SourceHashAlgorithm.Sha256), "");
            using var stream = File.OpenRead(file.FullPath);
            return (SourceText.From(stream, Encoding.UTF8, SourceHashAlgorithm.Sha256, throwIfBinaryDetected: true), "");
        }
        catch (InvalidDataException)
        {
            return (null, "not a text file");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"the file cannot be read ({e.GetType().Name})");
        }
    }

    private static SourceText GlobalUsings() =>
        SourceText.From(string.Concat(ImplicitUsings.Select(ns => $"global using global::{ns};\n")), Encoding.UTF8, SourceHashAlgorithm.Sha256);

    /// <summary>The symbols the SDK defines for a Release build of a net10.0 library.</summary>
    private static IEnumerable<string> PreprocessorSymbols()
    {
        int major = Environment.Version.Major;
        yield return "RELEASE";
        yield return "TRACE";
        yield return "NET";
        yield return "NETCOREAPP";
        yield return $"NET{major}_0";
        for (int v = 5; v <= major; v++) yield return $"NET{v}_0_OR_GREATER";
        foreach (string v in new[] { "1_0", "1_1", "2_0", "2_1", "2_2", "3_0", "3_1" }) yield return $"NETCOREAPP{v}_OR_GREATER";
    }

    /// <summary><c>File.cs(line,col): error CODE: message</c>, the path relative to the submission's folder.</summary>
    private static string Format(Diagnostic diagnostic)
    {
        string message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        if (!diagnostic.Location.IsInSource) return $"error {diagnostic.Id}: {message}";
        var span = diagnostic.Location.GetLineSpan(); // not the mapped span: #line cannot make an error point elsewhere
        return $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): error {diagnostic.Id}: {message}";
    }
}
