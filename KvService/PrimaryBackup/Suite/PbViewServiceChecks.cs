using KvService.Contract.PrimaryBackup;

namespace KvService.PrimaryBackup.Suite;

/// <summary>
/// The view service's checks, after 6.824's viewservice tests (lab 2A), on an implementation's view server alone: the
/// test plays the servers, pinging as the student guide's servers ping (0 until a server knows a view; a backup pings a
/// view's number once it holds that view's state, the number before until then; a primary pings a view's number once its
/// backup holds its state). Each throws <see cref="KvService.Harness.KvCheckFailedException"/> on the first wrong view and returns
/// the <c>... Passed</c> line.
/// </summary>
public static class PbViewServiceChecks
{
    private const string A = "pb1", B = "pb2", C = "pb3";

    /// <summary>How many ping intervals a check waits for a change: twice the dead time, as 6.824's tests do.</summary>
    private static readonly int Patience = Contract.PrimaryBackup.ViewService.DeadPings * 2;

    /// <summary>The first server to ping is the primary of view 1, without a backup.</summary>
    public static string FirstPrimary(IPbImplementation implementation, ulong seed, TextWriter output) =>
        Check(implementation, seed, output, "first primary", async probe => await FirstPrimaryAsync(probe));

    /// <summary>Once the primary acknowledged view 1, a second server becomes the backup of view 2.</summary>
    public static string FirstBackup(IPbImplementation implementation, ulong seed, TextWriter output) =>
        Check(implementation, seed, output, "first backup", async probe => await PrimaryAndBackupAsync(probe));

    /// <summary>When the primary stops pinging, the backup (which holds the state) becomes the primary of a view without a backup.</summary>
    public static string BackupTakesOver(IPbImplementation implementation, ulong seed, TextWriter output) =>
        Check(implementation, seed, output, "backup takes over if primary fails", async probe => await BackupTakesOverAsync(probe));

    /// <summary>A server that restarts (pings 0) is taken as the backup.</summary>
    public static string RestartedServerBecomesBackup(IPbImplementation implementation, ulong seed, TextWriter output) =>
        Check(implementation, seed, output, "restarted server becomes backup", async probe => await RestartedBecomesBackupAsync(probe));

    /// <summary>When the primary fails, the backup becomes primary and an idle third server its backup.</summary>
    public static string IdleServerBecomesBackup(IPbImplementation implementation, ulong seed, TextWriter output) =>
        Check(implementation, seed, output, "idle third server becomes backup if primary fails", async probe => await IdleBecomesBackupAsync(probe));

    /// <summary>A primary that pings 0 has restarted and lost its state: it is replaced as if it were dead.</summary>
    public static string RestartedPrimaryIsDead(IPbImplementation implementation, ulong seed, TextWriter output) =>
        Check(implementation, seed, output, "restarted primary treated as dead", async probe =>
        {
            var view = await IdleBecomesBackupAsync(probe); // pb1 primary, pb3 backup
            await probe.Ping(C, view.Number);
            await probe.Ping(A, view.Number);
            var now = await Until(probe, async () =>
            {
                await probe.Ping(A, 0);
                await probe.Ping(C, view.Number);
                return await probe.Get();
            }, v => v.Primary != A);
            probe.Expect(now, C, now.Backup, null, "pb1 restarted (pinged 0): pb3, the backup holding the state, is the primary");
        });

    /// <summary>A backup that stops pinging is removed from the view.</summary>
    public static string DeadBackupIsRemoved(IPbImplementation implementation, ulong seed, TextWriter output) =>
        Check(implementation, seed, output, "dead backup is removed from view", async probe =>
        {
            var view = await PrimaryAndBackupAsync(probe);
            var now = await Until(probe, () => probe.Ping(A, view.Number), v => v.Backup.Length == 0);
            probe.Expect(now, A, "", view.Number + 1, "pb2 stopped pinging");
        });

    /// <summary>The view does not change for a dead backup until the primary has acknowledged the current view.</summary>
    public static string WaitsForAcknowledgement(IPbImplementation implementation, ulong seed, TextWriter output) =>
        Check(implementation, seed, output, "view service waits for primary to ack view", async probe =>
        {
            var first = await FirstPrimaryAsync(probe);
            await probe.Ping(A, first.Number);
            var second = await Until(probe, async () =>
            {
                await probe.Ping(A, first.Number);
                return await probe.Ping(B, 0);
            }, v => v.Backup == B);
            probe.Expect(second, A, B, first.Number + 1, "pb2 pinged: the backup of the next view");
            // pb2 dies before it has the state; pb1 never acknowledges view 2.
            for (int i = 0; i < Contract.PrimaryBackup.ViewService.DeadPings * 3; i++)
            {
                var view = await probe.Ping(A, first.Number);
                probe.Expect(view, A, B, second.Number, "pb1 has not acknowledged the view, so the view service must not change it");
                await probe.Tick();
            }
            var third = await Until(probe, () => probe.Ping(A, second.Number), v => v.Number > second.Number);
            probe.Expect(third, A, "", second.Number + 1, "pb1 acknowledged view 2: the dead backup goes");
        });

    /// <summary>A backup that never had the state is not promoted when the primary fails: the service waits.</summary>
    public static string UninitializedServerIsNeverPrimary(IPbImplementation implementation, ulong seed, TextWriter output) =>
        Check(implementation, seed, output, "uninitialized server can't become primary", async probe =>
        {
            var first = await FirstPrimaryAsync(probe);
            await probe.Ping(A, first.Number);
            var second = await Until(probe, async () =>
            {
                await probe.Ping(A, first.Number);
                return await probe.Ping(B, 0);
            }, v => v.Backup == B);
            // pb1 dies before it gave pb2 the state: pb2 pings the number before its view's, as a backup waiting for the state.
            for (int i = 0; i < Contract.PrimaryBackup.ViewService.DeadPings * 3; i++)
            {
                await probe.Ping(B, second.Number - 1);
                await probe.Ping(C, 0);
                await probe.Tick();
            }
            var view = await probe.Get();
            if (view.Primary != A)
                probe.Expect(view, A, B, second.Number, "neither pb2 (never given the state) nor pb3 (new) holds the acknowledged writes: the service must wait");
        });

    /// <summary>The departure from the classic view service: a primary lost before it acknowledges its view is replaced
    /// by a server that holds every acknowledged write (the backup of the last acknowledged view), not waited for.</summary>
    public static string LostPrimaryHandsOverToAHolder(IPbImplementation implementation, ulong seed, TextWriter output) =>
        Check(implementation, seed, output, "primary lost before it acks hands over to a holder", async probe =>
        {
            var acknowledged = await PrimaryAndBackupAsync(probe); // view 2: pb1 primary, pb2 backup holding the state
            // pb2's pings are lost for a while: the view service takes pb3 as the backup instead.
            var third = await Until(probe, async () =>
            {
                await probe.Ping(C, 0);
                return await probe.Ping(A, acknowledged.Number);
            }, v => v.Backup == C);
            probe.Expect(third, A, C, acknowledged.Number + 1, "pb2 was silent: pb3, idle, is the backup");
            // pb1 dies before it acknowledges the view; pb2, which never restarted, pings again with view 2's number.
            var now = await Until(probe, async () =>
            {
                await probe.Ping(C, third.Number - 1);
                return await probe.Ping(B, acknowledged.Number);
            }, v => v.Primary != A);
            probe.Expect(now, B, now.Backup, null, "pb2 holds every acknowledged write (the backup of the last acknowledged view): it is the primary");
        });

    /// <summary>Asking for the view changes nothing: a server that only asks is not alive for the view service.</summary>
    public static string GetChangesNothing(IPbImplementation implementation, ulong seed, TextWriter output) =>
        Check(implementation, seed, output, "Get changes nothing", async probe =>
        {
            var first = await FirstPrimaryAsync(probe);
            for (int i = 0; i < Patience; i++)
            {
                await probe.Ping(A, first.Number);
                probe.Expect(await probe.Get("pb9"), A, "", first.Number, "pb9 only asked for the view");
                await probe.Tick();
            }
        });

    private static async Task<View> FirstPrimaryAsync(ViewServiceProbe probe)
    {
        var view = await Until(probe, () => probe.Ping(A, 0), v => v.Primary == A);
        probe.Expect(view, A, "", 1, "pb1 pinged first");
        probe.Expect(await probe.Get(), A, "", 1, "Get after pb1 pinged first");
        return view;
    }

    /// <summary>View 2: pb1 primary, pb2 backup holding the state, acknowledged.</summary>
    private static async Task<View> PrimaryAndBackupAsync(ViewServiceProbe probe)
    {
        var first = await FirstPrimaryAsync(probe);
        var view = await Until(probe, async () =>
        {
            await probe.Ping(A, first.Number);
            return await probe.Ping(B, 0);
        }, v => v.Backup == B);
        probe.Expect(view, A, B, first.Number + 1, "pb1 acknowledged view 1 and pb2 pinged");
        await probe.Ping(B, view.Number); // it was given the state
        await probe.Ping(A, view.Number); // and the primary acknowledges
        return view;
    }

    private static async Task<View> BackupTakesOverAsync(ViewServiceProbe probe)
    {
        var view = await PrimaryAndBackupAsync(probe);
        var now = await Until(probe, () => probe.Ping(B, view.Number), v => v.Primary == B && v.Backup.Length == 0);
        probe.Expect(now, B, "", view.Number + 1, "pb1 stopped pinging");
        return now;
    }

    private static async Task<View> RestartedBecomesBackupAsync(ViewServiceProbe probe)
    {
        var view = await BackupTakesOverAsync(probe);
        await probe.Ping(B, view.Number);
        var now = await Until(probe, async () =>
        {
            await probe.Ping(A, 0);
            return await probe.Ping(B, view.Number);
        }, v => v.Primary == B && v.Backup == A);
        probe.Expect(now, B, A, view.Number + 1, "pb1 came back (pinged 0)");
        return now;
    }

    /// <summary>pb1 primary, pb3 backup, after pb2 (the primary) failed.</summary>
    private static async Task<View> IdleBecomesBackupAsync(ViewServiceProbe probe)
    {
        var view = await RestartedBecomesBackupAsync(probe);
        await probe.Ping(A, view.Number); // pb1 was given the state
        await probe.Ping(B, view.Number); // pb2 acknowledges
        var now = await Until(probe, async () =>
        {
            await probe.Ping(C, 0);
            return await probe.Ping(A, view.Number);
        }, v => v.Primary == A && v.Backup == C);
        probe.Expect(now, A, C, view.Number + 1, "pb2 (the primary) stopped pinging, pb3 is idle");
        return now;
    }

    /// <summary>Repeats <paramref name="step"/> once a ping interval until its view is <paramref name="wanted"/> (at most
    /// twice the dead time); the last view either way.</summary>
    private static async Task<View> Until(ViewServiceProbe probe, Func<Task<View>> step, Func<View, bool> wanted)
    {
        View view = View.None;
        for (int i = 0; i < Patience; i++)
        {
            view = await step();
            if (wanted(view)) return view;
            await probe.Tick();
        }
        return view;
    }

    private static string Check(IPbImplementation implementation, ulong seed, TextWriter output, string description, Func<ViewServiceProbe, Task> body)
    {
        using var probe = new ViewServiceProbe(implementation, seed, output, description);
        probe.Simulation.Run(() => body(probe));
        return probe.Passed();
    }
}
