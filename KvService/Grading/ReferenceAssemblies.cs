using System.Collections.Concurrent;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;

namespace KvService.Grading;

/// <summary>
/// What a submission is compiled against: .NET's reference assemblies (the reference pack the SDK builds class libraries
/// against, found beside the running runtime; failing that, the runtime's own assemblies) and the harness's assemblies
/// a submission may reference (LabRpc, the KV and PB contract, the Raft contract, the logging abstractions, MessagePack's attributes and formatter
/// types). Each file is read once per process and kept: later compilations reuse it, which is most of their speed.
/// </summary>
internal static class ReferenceAssemblies
{
    /// <summary>The harness's assemblies a submission is compiled against, by name; the first two must be there.</summary>
    public static IReadOnlyList<string> HarnessAssemblies { get; } =
    [
        "LabRpc", "KvService.Contract", "LabRpc.Raft.Contract", "Microsoft.Extensions.Logging.Abstractions",
        "Microsoft.Extensions.DependencyInjection.Abstractions", "MessagePack", "MessagePack.Annotations",
    ];

    private static readonly ConcurrentDictionary<string, (DateTime Written, long Length, PortableExecutableReference Reference)> Cache = new(StringComparer.Ordinal);
    private static readonly Lazy<IReadOnlyList<string>> Framework = new(FindFramework);

    /// <summary>Where .NET's reference assemblies were found (for messages and the build's identity).</summary>
    public static string FrameworkFolder => Framework.Value.Count > 0 ? Path.GetDirectoryName(Framework.Value[0])! : "";

    /// <summary>The framework's references and the harness's in <paramref name="harnessFolder"/>.</summary>
    /// <exception cref="FileNotFoundException">LabRpc.dll or KvService.Contract.dll is missing from the harness folder.</exception>
    public static IReadOnlyList<PortableExecutableReference> For(string harnessFolder) =>
        [.. Framework.Value.Select(Get), .. Harness(harnessFolder).Select(Get)];

    /// <summary>The harness's assembly files in <paramref name="harnessFolder"/> a submission is compiled against.</summary>
    public static IReadOnlyList<string> Harness(string harnessFolder)
    {
        var found = new List<string>();
        foreach (var (name, index) in HarnessAssemblies.Select((n, i) => (n, i)))
        {
            string path = Path.Combine(harnessFolder, name + ".dll");
            if (File.Exists(path)) found.Add(path);
            else if (index < 2) throw new FileNotFoundException($"The harness folder '{harnessFolder}' has no {name}.dll to compile submissions against.", path);
        }
        return found;
    }

    /// <summary>The module version id of an assembly file (changes whenever the assembly is rebuilt differently).</summary>
    public static Guid ModuleVersionId(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        return reader.GetGuid(reader.GetModuleDefinition().Mvid);
    }

    private static PortableExecutableReference Get(string path)
    {
        var file = new FileInfo(path);
        if (Cache.TryGetValue(path, out var known) && known.Written == file.LastWriteTimeUtc && known.Length == file.Length) return known.Reference;
        var reference = MetadataReference.CreateFromFile(path);
        Cache[path] = (file.LastWriteTimeUtc, file.Length, reference);
        return reference;
    }

    /// <summary>
    /// The reference pack of the running .NET's major version (<c>&lt;dotnet&gt;/packs/Microsoft.NETCore.App.Ref/&lt;version&gt;/ref/net&lt;major&gt;.0</c>,
    /// the highest version there), where <c>&lt;dotnet&gt;</c> is three folders above the running runtime's
    /// (<c>shared/Microsoft.NETCore.App/&lt;version&gt;</c>). A machine with a runtime and no SDK has no packs: then the
    /// runtime's own assemblies, which define the same public surface.
    /// </summary>
    private static IReadOnlyList<string> FindFramework()
    {
        string runtime = RuntimeEnvironment.GetRuntimeDirectory();
        int major = Environment.Version.Major;
        string packs = Path.GetFullPath(Path.Combine(runtime, "..", "..", "..", "packs", "Microsoft.NETCore.App.Ref"));
        if (Directory.Exists(packs))
        {
            var best = Directory.GetDirectories(packs)
                .Select(d => (Folder: Path.Combine(d, "ref", $"net{major}.0"), Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : null))
                .Where(p => p.Version is { } v && v.Major == major && Directory.Exists(p.Folder))
                .OrderByDescending(p => p.Version)
                .Select(p => p.Folder)
                .FirstOrDefault();
            if (best is not null) return [.. Directory.GetFiles(best, "*.dll").Order(StringComparer.Ordinal)];
        }
        return [.. Directory.GetFiles(runtime, "*.dll").Where(HasMetadata).Order(StringComparer.Ordinal)];
    }

    private static bool HasMetadata(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            return pe.HasMetadata;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
