using System.Reflection;

namespace KvService.Harness;

/// <summary>What finding an implementation by name needs for either service (<see cref="KvImplementations"/>,
/// <c>PbImplementations</c>): loading an assembly file and creating a type with its public parameterless constructor.
/// Each error names <c>subject</c>, the implementation as the user named it.</summary>
internal static class ImplementationLoader
{
    /// <summary>The assembly in <paramref name="file"/>.</summary>
    /// <exception cref="KvImplementationException">The file is missing or is no .NET assembly.</exception>
    public static Assembly Load(string file, string subject)
    {
        string path = Path.GetFullPath(file);
        if (!File.Exists(path))
            throw new KvImplementationException($"{subject}: the assembly file '{path}' does not exist. Build it first, or fix the path.");
        try
        {
            return Assembly.LoadFrom(path);
        }
        catch (Exception error) when (error is BadImageFormatException or FileLoadException)
        {
            throw new KvImplementationException($"{subject}: '{path}' could not be loaded as a .NET assembly: {error.Message}", error);
        }
    }

    /// <summary>A new <paramref name="type"/>, which must be a <typeparamref name="T"/> with a public parameterless
    /// constructor; <paramref name="otherwise"/> ends the message when it has none.</summary>
    /// <exception cref="KvImplementationException">It is not, or its constructor threw.</exception>
    public static T Create<T>(Type type, string subject, string otherwise) where T : class
    {
        if (!typeof(T).IsAssignableFrom(type))
            throw new KvImplementationException($"{subject}: the type '{type.FullName}' does not implement {typeof(T).FullName}.");
        if (type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is null)
            throw new KvImplementationException($"{subject}: the type '{type.FullName}' has no public parameterless constructor{(type.IsAbstract ? " (it is abstract)" : "")}; {otherwise}.");
        try
        {
            return (T)Activator.CreateInstance(type)!;
        }
        catch (TargetInvocationException error)
        {
            throw new KvImplementationException($"{subject}: the constructor of '{type.FullName}' threw {error.InnerException?.GetType().Name}: {error.InnerException?.Message}", error.InnerException);
        }
    }
}
