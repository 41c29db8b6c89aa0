using System.Reflection;
using System.Runtime.CompilerServices;

namespace LabRpc;

/// <summary>
/// An object whose public methods <c>TReply M(TArgs)</c>, <c>Task&lt;TReply&gt; M(TArgs)</c> or
/// <c>ValueTask&lt;TReply&gt; M(TArgs)</c> answer calls named <c>"Service.M"</c> (labrpc's MakeService).
/// </summary>
public sealed class Service
{
    private static readonly HashSet<string> NotHandlers = ["Equals", "GetHashCode", "ToString", "GetType", "Deconstruct", "<Clone>$"];

    /// <summary>Wraps <paramref name="receiver"/>; the service name defaults to its type's name.</summary>
    public Service(object receiver, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        Receiver = receiver;
        Name = name ?? receiver.GetType().Name;
        var handlers = new Dictionary<string, Handler>(StringComparer.Ordinal);
        var rejected = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var method in receiver.GetType().GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            if (method.DeclaringType == typeof(object) || method.IsSpecialName || NotHandlers.Contains(method.Name)
                || method.IsDefined(typeof(CompilerGeneratedAttribute)))
                continue;
            var handler = Handler.TryCreate($"{Name}.{method.Name}", receiver, method, out string? whyNot);
            if (handler is null) rejected[method.Name] = whyNot!;
            else if (!handlers.TryAdd(method.Name, handler))
                rejected[method.Name] = "it is overloaded; handler names must be unique";
        }
        foreach (var name1 in rejected.Keys) handlers.Remove(name1);
        Handlers = handlers;
        Rejected = rejected;
    }

    /// <summary>The name callers put before the dot.</summary>
    public string Name { get; }

    /// <summary>The object whose methods serve the calls.</summary>
    public object Receiver { get; }

    /// <summary>The names of the methods that can be called.</summary>
    public IEnumerable<string> Methods => Handlers.Keys;

    internal IReadOnlyDictionary<string, Handler> Handlers { get; }

    /// <summary>Public methods that are not handlers, and why.</summary>
    internal IReadOnlyDictionary<string, string> Rejected { get; }
}
