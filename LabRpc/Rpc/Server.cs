using System.Text;

namespace LabRpc;

/// <summary>A set of services answering calls on the network (labrpc's Server).</summary>
public sealed class Server
{
    private readonly Dictionary<string, Handler> _handlers = new(StringComparer.Ordinal);
    private readonly List<Service> _services = [];
    private LastFound? _lastFound; // the last method found: callers pass the same string again and again

    /// <summary>A server offering <paramref name="services"/> (more can be added with <see cref="AddService"/>).</summary>
    public Server(params Service[] services)
    {
        foreach (var service in services) AddService(service);
    }

    /// <summary>Adds the methods of <paramref name="service"/> under its name.</summary>
    public void AddService(Service service)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (_services.Any(s => s.Name == service.Name))
            throw new ArgumentException($"The server already has a service named '{service.Name}'.", nameof(service));
        foreach (var handler in service.Handlers.Values)
        {
            MessageTypeCheck.Ensure(handler.ArgsType, $"Arguments of {handler.Name}");
            MessageTypeCheck.Ensure(handler.ReplyType, $"Reply of {handler.Name}");
        }
        _services.Add(service);
        foreach (var handler in service.Handlers.Values) _handlers[handler.Name] = handler;
        _lastFound = null;
    }

    /// <summary>Calls dispatched to this server so far (labrpc's GetCount).</summary>
    public int Count { get; internal set; }

    /// <summary>The services this server offers.</summary>
    public IReadOnlyList<Service> Services => _services;

    internal Handler? Find(string method)
    {
        // One reference read: a connection's thread may look up while another's replaces it (never while AddService runs).
        if (Volatile.Read(ref _lastFound) is { } last && ReferenceEquals(last.Method, method)) return last.Handler;
        var handler = _handlers.GetValueOrDefault(method);
        if (handler is not null) Volatile.Write(ref _lastFound, new LastFound(method, handler));
        return handler;
    }

    internal string DescribeMissing(string method, string serverName)
    {
        var text = new StringBuilder($"Server '{serverName}' has no method '{method}'. ");
        int dot = method.IndexOf('.');
        string service = dot < 0 ? "" : method[..dot];
        string name = dot < 0 ? method : method[(dot + 1)..];
        var owner = _services.FirstOrDefault(s => s.Name == service);
        if (dot < 0) text.Append("Method names have the form \"Service.Method\". ");
        else if (owner is null) text.Append($"It has no service '{service}'. ");
        else if (owner.Rejected.TryGetValue(name, out string? why)) text.Append($"{service}.{name} exists but is not a handler: {why}. ");
        if (_services.Count == 0) return text.Append("It offers no services: call AddService first.").ToString();
        text.Append("It offers:");
        foreach (var s in _services)
            foreach (var h in s.Handlers.Values.OrderBy(h => h.Name, StringComparer.Ordinal))
                text.Append("\n  ").Append(h.Signature);
        return text.ToString();
    }

    private sealed record LastFound(string Method, Handler Handler);
}
