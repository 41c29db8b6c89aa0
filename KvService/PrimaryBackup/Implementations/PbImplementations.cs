using System.Reflection;
using KvService.Contract.PrimaryBackup;
using KvService.Harness;
using KvService.PrimaryBackup.Reference;

namespace KvService.PrimaryBackup.Implementations;

/// <summary>
/// Finds the primary/backup implementation that <c>check --service pb --impl</c> or the PB suite names:
/// <c>reference</c>, <c>path/to/Assembly.dll</c> (its one type implementing <see cref="IPbImplementation"/>),
/// <c>path/to/Assembly.dll:Namespace.Type</c> (such a type with a public parameterless constructor), or
/// <c>path/to/Assembly.dll:Namespace.Type.Property</c> (a public static property of that type, as a family of
/// implementations offers its members); without the file, a type among the assemblies loaded. Nothing named: the
/// environment variable <see cref="EnvironmentVariable"/>, else the reference.
/// </summary>
public static class PbImplementations
{
    /// <summary>The environment variable that names the implementation the PB suite judges (and <c>check --service pb</c>
    /// without <c>--impl</c>): <c>LABRPC_PB_IMPL</c>.</summary>
    public const string EnvironmentVariable = "LABRPC_PB_IMPL";

    /// <summary>The implementation <paramref name="spec"/> names (or the environment variable does, or the reference one).</summary>
    /// <exception cref="KvImplementationException">The file, type or property is missing, or is no
    /// <see cref="IPbImplementation"/>.</exception>
    public static IPbImplementation Resolve(string? spec)
    {
        if (string.IsNullOrWhiteSpace(spec)) spec = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(spec) || spec.Trim().Equals("reference", StringComparison.OrdinalIgnoreCase)) return new ReferencePb();
        spec = spec.Trim();
        if (spec.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) return Create(TheOne(Load(spec, spec), spec), spec);
        IReadOnlyCollection<Assembly> assemblies;
        string name = spec;
        int colon = spec.LastIndexOf(':');
        if (colon > 0 && spec[..colon].EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            assemblies = [Load(spec[..colon], spec)];
            name = spec[(colon + 1)..];
        }
        else
        {
            assemblies = AppDomain.CurrentDomain.GetAssemblies();
        }
        if (Find(assemblies, name) is { } type) return Create(type, spec);
        int dot = name.LastIndexOf('.');
        if (dot > 0 && Find(assemblies, name[..dot]) is { } owner)
        {
            var property = owner.GetProperty(name[(dot + 1)..], BindingFlags.Public | BindingFlags.Static);
            if (property?.GetValue(null) is IPbImplementation member) return member;
            throw new KvImplementationException(
                $"Primary/backup implementation '{spec}': '{owner.FullName}' has no public static property '{name[(dot + 1)..]}' that holds an {nameof(IPbImplementation)}.");
        }
        throw new KvImplementationException(
            $"Primary/backup implementation '{spec}': no type '{name}' found. Name it as 'path/to/Assembly.dll:Namespace.Type' " +
            "(or ':Namespace.Type.Property' for a static property), or 'reference'.");
    }

    /// <summary>The one implementation in <paramref name="assembly"/>.</summary>
    private static Type TheOne(Assembly assembly, string spec)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException error)
        {
            types = [.. error.Types.OfType<Type>()];
        }
        var found = types.Where(t => typeof(IPbImplementation).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false, IsPublic: true }).ToList();
        return found.Count == 1 ? found[0] : throw new KvImplementationException(
            $"{Subject(spec)}: the assembly '{assembly.GetName().Name}' has {(found.Count == 0 ? "no public type" : $"{found.Count} public types")} that implement " +
            $"{nameof(IPbImplementation)}{(found.Count == 0 ? ". Make one public, with a public parameterless constructor." : $" ({string.Join(", ", found.Select(t => t.FullName).Order(StringComparer.Ordinal))}). Name one as 'path/to/Assembly.dll:Namespace.Type'.")}");
    }

    private static Type? Find(IEnumerable<Assembly> assemblies, string name) =>
        assemblies.Select(a => a.GetType(name, throwOnError: false)).FirstOrDefault(t => t is not null);

    private static IPbImplementation Create(Type type, string spec) =>
        ImplementationLoader.Create<IPbImplementation>(type, Subject(spec), "name a public static property of it instead ('Type.Property')");

    private static Assembly Load(string file, string spec) => ImplementationLoader.Load(file, Subject(spec));

    private static string Subject(string spec) => $"Primary/backup implementation '{spec}'";
}
