using System.Reflection;
using KvService.Contract;
using KvService.Reference;

namespace KvService.Harness;

/// <summary>
/// Finds the KV implementation to judge. A specification is <c>path/to/Assembly.dll:Namespace.Type</c> (the assembly is
/// loaded from that file), <c>path/to/Assembly.dll</c> (its one implementation), a type name (full or short) among the assemblies already loaded, or <c>reference</c>. With
/// none given, the environment variable <see cref="EnvironmentVariable"/> is read; if that is unset too, the
/// reference implementation is used.
/// </summary>
public static class KvImplementations
{
    /// <summary>The environment variable that names the implementation the test suite judges: <c>LABRPC_KV_IMPL</c>.</summary>
    public const string EnvironmentVariable = "LABRPC_KV_IMPL";

    /// <summary>The implementation <paramref name="spec"/> names (or the environment variable does, or the reference one).</summary>
    /// <exception cref="KvImplementationException">The file or type is missing, the type does not implement
    /// <see cref="IKvImplementation"/>, or it cannot be created.</exception>
    public static IKvImplementation Resolve(string? spec = null) => Resolve(spec, "the argument");

    /// <summary>As <see cref="Resolve(string?)"/>; messages say the name came from <paramref name="source"/> (e.g. a file).</summary>
    public static IKvImplementation Resolve(string? spec, string source)
    {
        string from = source;
        if (string.IsNullOrWhiteSpace(spec))
        {
            spec = Environment.GetEnvironmentVariable(EnvironmentVariable);
            from = $"{EnvironmentVariable}";
        }
        if (string.IsNullOrWhiteSpace(spec) || spec.Trim().Equals("reference", StringComparison.OrdinalIgnoreCase))
            return new ReferenceKv();
        spec = spec.Trim();
        var type = FindType(spec, from);
        return Instantiate(type, spec, from);
    }

    private static Type FindType(string spec, string from)
    {
        if (spec.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            // An assembly without a type name: the one implementation it holds.
            var assembly = Load(spec, spec, from);
            var found = Implementations([assembly]).ToList();
            return found.Count == 1 ? found[0] : throw new KvImplementationException(
                $"KV implementation '{spec}' ({from}): the assembly '{assembly.GetName().Name}' has {(found.Count == 0 ? "no type" : $"{found.Count} types")} that implement " +
                $"{nameof(IKvImplementation)}{(found.Count == 0 ? "" : $" ({Describe(found)})")}. {(found.Count == 0 ? "Make one public, with a public parameterless constructor." : "Name one as 'path/to/Assembly.dll:Namespace.Type'.")}");
        }
        int colon = spec.LastIndexOf(':');
        if (colon > 0 && spec[..colon].EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            string typeName = spec[(colon + 1)..];
            var assembly = Load(spec[..colon], spec, from);
            return FindIn([assembly], typeName)
                ?? throw new KvImplementationException(
                    $"KV implementation '{spec}' ({from}): the assembly '{assembly.GetName().Name}' has no type '{typeName}'. " +
                    $"Types there that implement {nameof(IKvImplementation)}: {Describe(Implementations([assembly]))}.");
        }
        var loaded = AppDomain.CurrentDomain.GetAssemblies();
        return TryGetType(spec) ?? FindIn(loaded, spec)
            ?? throw new KvImplementationException(
                $"KV implementation '{spec}' ({from}): no loaded assembly has a type of that name. Name a type of an assembly file as " +
                $"'path/to/Assembly.dll:Namespace.Type'. Loaded types that implement {nameof(IKvImplementation)}: {Describe(Implementations(loaded))}.");
    }

    private static Assembly Load(string file, string spec, string from) => ImplementationLoader.Load(file, Subject(spec, from));

    private static IKvImplementation Instantiate(Type type, string spec, string from) =>
        ImplementationLoader.Create<IKvImplementation>(type, Subject(spec, from), "the suite creates it with one");

    private static string Subject(string spec, string from) => $"KV implementation '{spec}' ({from})";

    private static Type? TryGetType(string name)
    {
        try
        {
            return Type.GetType(name, throwOnError: false);
        }
        catch (Exception error) when (error is ArgumentException or FileLoadException or BadImageFormatException or TypeLoadException)
        {
            return null;
        }
    }

    /// <summary>A type by full name in any of <paramref name="assemblies"/>, else by short name in those that can hold an
    /// implementation (the contract's assembly and those that reference it).</summary>
    private static Type? FindIn(IReadOnlyCollection<Assembly> assemblies, string name) =>
        assemblies.Select(a => a.GetType(name, throwOnError: false)).FirstOrDefault(t => t is not null)
        ?? KvAssemblies(assemblies).SelectMany(LoadableTypes).FirstOrDefault(t => t.Name == name);

    private static IEnumerable<Type> Implementations(IReadOnlyCollection<Assembly> assemblies) =>
        KvAssemblies(assemblies).SelectMany(LoadableTypes).Where(t => typeof(IKvImplementation).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false });

    private static IEnumerable<Assembly> KvAssemblies(IEnumerable<Assembly> assemblies)
    {
        var contract = typeof(IKvImplementation).Assembly;
        string? name = contract.GetName().Name;
        return assemblies.Where(a => a == contract || (!a.IsDynamic && a.GetReferencedAssemblies().Any(r => r.Name == name)));
    }

    private static string Describe(IEnumerable<Type> types)
    {
        var names = types.Select(t => t.FullName).Order(StringComparer.Ordinal).ToList();
        return names.Count == 0 ? "none" : string.Join(", ", names);
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException error)
        {
            return error.Types.OfType<Type>();
        }
    }
}
