namespace KvService.Scenarios;

/// <summary>When a <see cref="ServerCrash"/> kills the server, relative to the requests it serves.</summary>
public enum CrashMoment
{
    /// <summary>At the event's time, whatever the server is doing (usually idle; mid-handler if its handler awaits).</summary>
    AtTime,

    /// <summary>When the next request arrives: its handler never runs.</summary>
    OnArrival,

    /// <summary>When the next handler has returned: the request took effect, but its reply never leaves.</summary>
    AfterExecution,

    /// <summary>Just after the next reply has left: the reply still arrives, then the server is gone.</summary>
    AfterReply,

    /// <summary>Just before the k-th persister call (write, append or removal) since a request arrived
    /// (<see cref="ServerCrash.Write"/>): that call and everything after it is lost.</summary>
    BeforeWrite,

    /// <summary>Just after the k-th persister call since a request arrived: it is on disk, what follows is lost
    /// (a request persisted in two steps is cut between them).</summary>
    AfterWrite,
}
