using System.Reflection;
using KvService.Contract.PrimaryBackup;
using KvService.Harness;
using KvService.PrimaryBackup.Reference;

namespace KvService.PrimaryBackup.Implementations;

/// <summary>
/// Finds the primary/backup implementation that <c>check --service pb --impl</c> names: <c>reference</c> (or nothing),
/// <c>path/to/Assembly.dll:Namespace.Type</c> (a type implementing <see cref="IPbImplementation"/> with a public
/// parameterless constructor), or <c>path/to/Assembly.dll:Namespace.Type.Property</c> (a public static property of that
/// type, as a family of implementations offers its members); without the file, a type among the assemblies loaded.
/// </summary>
public static class PbImplementations
{
    /// <summary>The implementation <paramref name="spec"/> names.</summary>
    /// <exception cref="KvImplementationException">The file, type or property is missing, or is no
    /// <see cref="IPbImplementation"/>.</exception>
    public static IPbImplementation Resolve(string? spec)
    {
        if (string.IsNullOrWhiteSpace(spec) || spec.Trim().Equals("reference", StringComparison.OrdinalIgnoreCase)) return new ReferencePb();
        spec = spec.Trim();
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

    private static Type? Find(IEnumerable<Assembly> assemblies, string name) =>
        assemblies.Select(a => a.GetType(name, throwOnError: false)).FirstOrDefault(t => t is not null);

    private static IPbImplementation Create(Type type, string spec)
    {
        if (!typeof(IPbImplementation).IsAssignableFrom(type))
            throw new KvImplementationException($"Primary/backup implementation '{spec}': '{type.FullName}' does not implement {typeof(IPbImplementation).FullName}.");
        if (type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is null)
            throw new KvImplementationException(
                $"Primary/backup implementation '{spec}': '{type.FullName}' has no public parameterless constructor; name a public static property of it instead ('Type.Property').");
        try
        {
            return (IPbImplementation)Activator.CreateInstance(type)!;
        }
        catch (TargetInvocationException error)
        {
            throw new KvImplementationException(
                $"Primary/backup implementation '{spec}': the constructor of '{type.FullName}' threw {error.InnerException?.GetType().Name}: {error.InnerException?.Message}", error.InnerException);
        }
    }

    private static Assembly Load(string file, string spec)
    {
        string path = Path.GetFullPath(file);
        if (!File.Exists(path))
            throw new KvImplementationException($"Primary/backup implementation '{spec}': the assembly file '{path}' does not exist. Build it first, or fix the path.");
        try
        {
            return Assembly.LoadFrom(path);
        }
        catch (Exception error) when (error is BadImageFormatException or FileLoadException)
        {
            throw new KvImplementationException($"Primary/backup implementation '{spec}': '{path}' could not be loaded as a .NET assembly: {error.Message}", error);
        }
    }
}
