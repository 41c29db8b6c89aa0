namespace KvService.Harness;

/// <summary>The KV implementation named (in <c>LABRPC_KV_IMPL</c> or an option) cannot be loaded; the message says why.</summary>
public sealed class KvImplementationException(string message, Exception? inner = null) : Exception(message, inner);
