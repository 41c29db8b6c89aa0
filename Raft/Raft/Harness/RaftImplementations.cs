using System.Reflection;
using LabRpc.Raft.Reference;
using LabRpc.Raft.Zoo;

namespace LabRpc.Raft.Harness;

/// <summary>
/// Finds the Raft implementation the suite judges: <c>reference</c>, <c>zoo:Name</c> (a member of <see cref="RaftZoo"/>),
/// <c>path/to/Assembly.dll</c> (its one public type implementing <see cref="IRaftImplementation"/>) or
/// <c>path/to/Assembly.dll:Namespace.Type</c>. Nothing named: the environment variable <see cref="EnvironmentVariable"/>,
/// else the reference.
/// </summary>
public static class RaftImplementations
{
    /// <summary>The environment variable that names the implementation the Raft suite judges: <c>LABRPC_RAFT_IMPL</c>.</summary>
    public const string EnvironmentVariable = "LABRPC_RAFT_IMPL";

    /// <summary>The implementation <paramref name="spec"/> names (or the environment variable does, or the reference).</summary>
    /// <exception cref="ArgumentException">Nothing of that name can be loaded; the message says what to write instead.</exception>
    public static IRaftImplementation Resolve(string? spec)
    {
        if (string.IsNullOrWhiteSpace(spec)) spec = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(spec) || spec.Trim().Equals("reference", StringComparison.OrdinalIgnoreCase)) return new ReferenceRaftImplementation();
        spec = spec.Trim();
        if (spec.StartsWith("zoo:", StringComparison.OrdinalIgnoreCase))
        {
            return RaftZoo.Find(spec[4..])?.Implementation ?? throw new ArgumentException(
                $"Raft implementation '{spec}': the zoo has no member '{spec[4..]}'; it has {string.Join(", ", RaftZoo.All.Select(m => m.Name))}.", nameof(spec));
        }
        string path = spec;
        string? typeName = null;
        int colon = spec.LastIndexOf(':');
        if (colon > 1 && spec[..colon].EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            path = spec[..colon];
            typeName = spec[(colon + 1)..];
        }
        if (!path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || !File.Exists(path))
            throw new ArgumentException(
                $"Raft implementation '{spec}': name 'reference', 'zoo:Name', or an existing 'path/to/Assembly.dll' (optionally ':Namespace.Type').", nameof(spec));
        var assembly = Assembly.LoadFrom(Path.GetFullPath(path));
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException error)
        {
            types = [.. error.Types.OfType<Type>()];
        }
        var found = types.Where(t => typeof(IRaftImplementation).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false, IsPublic: true }
            && (typeName is null || t.FullName == typeName)).ToList();
        if (found.Count != 1)
            throw new ArgumentException(
                $"Raft implementation '{spec}': the assembly has {found.Count} public types implementing {nameof(IRaftImplementation)}" +
                (typeName is null ? "" : $" named '{typeName}'") + "; make exactly one public (or name it as 'path/to/Assembly.dll:Namespace.Type').", nameof(spec));
        return Activator.CreateInstance(found[0]) as IRaftImplementation ?? throw new ArgumentException(
            $"Raft implementation '{spec}': {found[0].FullName} needs a public parameterless constructor.", nameof(spec));
    }
}
