using KvService.Contract.PrimaryBackup;
using LabRpc;

namespace KvService.PrimaryBackup.ViewService;

/// <summary>The view service's clerk: one call each, no retry (the callers ping or ask again on their own schedule).</summary>
public sealed class ViewClerk
{
    private readonly ClientEnd _end;
    private readonly string _me;

    /// <summary>A clerk that reaches the view service through <paramref name="end"/> as <paramref name="me"/>.</summary>
    public ViewClerk(ClientEnd end, string me)
    {
        ArgumentNullException.ThrowIfNull(end);
        ArgumentNullException.ThrowIfNull(me);
        _end = end;
        _me = me;
    }

    /// <summary>Pings as <c>me</c>, acknowledging view <paramref name="viewNumber"/>; the current view, or null if the
    /// call failed.</summary>
    public async Task<View?> PingAsync(long viewNumber)
    {
        var (ok, reply) = await _end.Call<PingReply>(Contract.PrimaryBackup.ViewService.Ping, new PingArgs(_me, viewNumber));
        return ok ? reply!.View : null;
    }

    /// <summary>The current view, or null if the call failed.</summary>
    public async Task<View?> GetAsync()
    {
        var (ok, reply) = await _end.Call<GetViewReply>(Contract.PrimaryBackup.ViewService.Get, new GetViewArgs(_me));
        return ok ? reply!.View : null;
    }
}
