using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Serialization;

namespace LabRpc;

/// <summary>
/// labgob's capital-letter check, for C#: finds state of a message type that the codec would drop on the
/// way (a non-public field or property, or a get-only property no constructor sets). Checked once per type.
/// </summary>
internal static class MessageTypeCheck
{
    private static readonly ConcurrentDictionary<Type, string?> Verdicts = new();

    /// <summary>Throws <see cref="MessageTypeException"/> if <paramref name="type"/> would lose state in transit.</summary>
    public static void Ensure(Type type, string use)
    {
        string? problem = Verdicts.GetOrAdd(type, static t => Find(t, []));
        if (problem is not null)
            throw new MessageTypeException(
                $"{use}: message type {Name(type)} would not survive the trip across the network: {problem}. " +
                "Messages are copied through a codec that carries public properties and fields only. Make that " +
                "state a public property (a record's positional parameters are ideal), or mark it [IgnoreDataMember] " +
                "if it really should not travel.");
    }

    private static string? Find(Type type, HashSet<Type> seen)
    {
        if (!seen.Add(type) || IsLeaf(type)) return null;
        if (type.IsArray) return Find(type.GetElementType()!, seen);
        if (type.Namespace is { } ns && (ns == "System" || ns.StartsWith("System.", StringComparison.Ordinal)))
        {
            foreach (var arg in type.IsGenericType ? type.GetGenericArguments() : [])
                if (Find(arg, seen) is { } inner) return inner;
            return null;
        }

        var ctorParams = type.GetConstructors()
            .SelectMany(c => c.GetParameters())
            .Select(p => p.Name ?? "")
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        for (var t = type; t is not null && t != typeof(object) && t != typeof(ValueType); t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (Ignored(field) || IgnoredProperty(field)) continue;
                string? problem = Check(type, field, ctorParams);
                if (problem is not null) return problem;
                if (Find(field.FieldType, seen) is { } inner) return inner;
            }
        }
        return null;
    }

    private static string? Check(Type type, FieldInfo field, HashSet<string> ctorParams)
    {
        if (field.Name.StartsWith('<') && field.Name.IndexOf(">k__BackingField", StringComparison.Ordinal) > 0)
        {
            var property = BackingFieldOf(field);
            if (property is null) return null;
            string propertyName = property.Name;
            if (property.GetMethod is not { IsPublic: true })
                return $"property '{propertyName}' of {Name(type)} is not public";
            if (property.SetMethod is null && !ctorParams.Contains(propertyName))
                return $"property '{propertyName}' of {Name(type)} has no setter and no constructor parameter of that name";
            return null;
        }
        if (!field.IsPublic) return $"field '{field.Name}' of {Name(type)} is not public";
        if (field.IsInitOnly && !ctorParams.Contains(field.Name))
            return $"readonly field '{field.Name}' of {Name(type)} has no constructor parameter of that name";
        return null;
    }

    /// <summary>True for the backing field of a property marked to be ignored: the attribute is on the property.</summary>
    private static bool IgnoredProperty(FieldInfo field) =>
        BackingFieldOf(field) is { } property && Ignored(property);

    private static PropertyInfo? BackingFieldOf(FieldInfo field)
    {
        int close = field.Name.IndexOf(">k__BackingField", StringComparison.Ordinal);
        return field.Name.StartsWith('<') && close > 0
            ? field.DeclaringType!.GetProperty(field.Name[1..close], BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            : null;
    }

    private static bool Ignored(MemberInfo member) =>
        member.IsDefined(typeof(IgnoreDataMemberAttribute)) || member.IsDefined(typeof(NonSerializedAttribute))
        || member.GetCustomAttributes().Any(a => a.GetType().Name == "IgnoreMemberAttribute");

    private static bool IsLeaf(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type.IsPointer
        || type == typeof(object);

    private static string Name(Type type) =>
        type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(Name))}>" : type.Name;
}
