namespace KvService.Contract.PrimaryBackup;

/// <summary>Reply of the view service's <c>Ping</c>: the current view.</summary>
public sealed record PingReply(View View);
