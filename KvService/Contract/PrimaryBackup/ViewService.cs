namespace KvService.Contract.PrimaryBackup;

/// <summary>
/// The view service's fixed points, which every implementation keeps so that the harness can ask it for the view: its
/// service name and methods, and the ping timing that servers and the view service agree on.
/// </summary>
public static class ViewService
{
    /// <summary>The service name the view server registers its handlers under.</summary>
    public const string ServiceName = "ViewServer";

    /// <summary><c>PingReply Ping(PingArgs)</c>: a server says it is alive and which view it acknowledges.</summary>
    public const string Ping = ServiceName + ".Ping";

    /// <summary><c>GetViewReply Get(GetViewArgs)</c>: the current view, without pinging.</summary>
    public const string Get = ServiceName + ".Get";

    /// <summary>How often each server pings the view service.</summary>
    public static TimeSpan PingInterval { get; } = TimeSpan.FromMilliseconds(100);

    /// <summary>A server the view service has not heard from for this many ping intervals is dead.</summary>
    public const int DeadPings = 5;

    /// <summary><see cref="DeadPings"/> ping intervals: how long a server may be silent before it is dead.</summary>
    public static TimeSpan DeadAfter { get; } = PingInterval * DeadPings;
}
