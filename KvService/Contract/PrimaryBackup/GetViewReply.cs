namespace KvService.Contract.PrimaryBackup;

/// <summary>Reply of the view service's <c>Get</c>: the current view.</summary>
public sealed record GetViewReply(View View);
