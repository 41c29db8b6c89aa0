namespace KvService.Contract.PrimaryBackup;

/// <summary>Arguments of the view service's <c>Ping</c>: the server's name and the number of the view it acknowledges
/// (0 for a server that has just started, with nothing).</summary>
public sealed record PingArgs(string Server, long ViewNumber);
