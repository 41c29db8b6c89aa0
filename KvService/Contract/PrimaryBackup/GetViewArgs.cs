namespace KvService.Contract.PrimaryBackup;

/// <summary>Arguments of the view service's <c>Get</c>: who asks (for logs); asking changes nothing.</summary>
public sealed record GetViewArgs(string Caller);
