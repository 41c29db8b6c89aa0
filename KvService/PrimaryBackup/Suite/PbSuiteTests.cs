namespace KvService.PrimaryBackup.Suite;

/// <summary>
/// The PB suite, test by test, in the order of 6.824's old lab 2: the view service's checks (lab 2A), then the
/// primary/backup service's (lab 2B), then crashes at a request's moments, late and duplicated requests sent on purpose,
/// and the determinism check; each with its fixed seed. The NUnit suite (<c>Tests/PrimaryBackup/Suite</c>) runs this
/// list; a grader can run the same.
/// </summary>
public static class PbSuiteTests
{
    /// <summary>The group of the view service's checks (6.824's lab 2A).</summary>
    public const string ViewService = "viewservice";

    /// <summary>The group of the primary/backup service's checks (6.824's lab 2B).</summary>
    public const string PrimaryBackup = "primarybackup";

    /// <summary>The group of crashes at a request's moments.</summary>
    public const string Crashes = "crashes";

    /// <summary>The group of checks that send late and duplicated requests on purpose.</summary>
    public const string Duplicates = "duplicates";

    /// <summary>The group of the same-seed determinism check.</summary>
    public const string Determinism = "determinism";

    /// <summary>Every test, in the order the groups above are listed.</summary>
    public static IReadOnlyList<PbSuiteTest> All { get; } = [.. Build()];

    /// <summary>The groups, in order.</summary>
    public static IReadOnlyList<string> Groups { get; } = [ViewService, PrimaryBackup, Crashes, Duplicates, Determinism];

    /// <summary>The tests of <paramref name="group"/>.</summary>
    public static IEnumerable<PbSuiteTest> InGroup(string group) => All.Where(t => t.Group == group);

    private static IEnumerable<PbSuiteTest> Build()
    {
        yield return new(ViewService, "TheFirstServerToPingIsTheFirstPrimary", 101, PbViewServiceChecks.FirstPrimary);
        yield return new(ViewService, "TheSecondServerBecomesTheBackup", 102, PbViewServiceChecks.FirstBackup);
        yield return new(ViewService, "TheBackupTakesOverIfThePrimaryFails", 103, PbViewServiceChecks.BackupTakesOver);
        yield return new(ViewService, "ARestartedServerBecomesTheBackup", 104, PbViewServiceChecks.RestartedServerBecomesBackup);
        yield return new(ViewService, "AnIdleThirdServerBecomesTheBackupIfThePrimaryFails", 105, PbViewServiceChecks.IdleServerBecomesBackup);
        yield return new(ViewService, "ARestartedPrimaryIsTreatedAsDead", 106, PbViewServiceChecks.RestartedPrimaryIsDead);
        yield return new(ViewService, "ADeadBackupIsRemovedFromTheView", 107, PbViewServiceChecks.DeadBackupIsRemoved);
        yield return new(ViewService, "TheViewServiceWaitsForThePrimaryToAcknowledgeAView", 108, PbViewServiceChecks.WaitsForAcknowledgement);
        yield return new(ViewService, "AServerWithoutTheStateNeverBecomesPrimary", 109, PbViewServiceChecks.UninitializedServerIsNeverPrimary);
        yield return new(ViewService, "APrimaryLostBeforeItAcknowledgesHandsOverToAHolder", 110, PbViewServiceChecks.LostPrimaryHandsOverToAHolder);
        yield return new(ViewService, "GetChangesNothing", 111, PbViewServiceChecks.GetChangesNothing);

        yield return new(PrimaryBackup, "PutGetAndAppendWorkThroughThePrimary", 201, PbChecks.Basic);
        yield return new(PrimaryBackup, "APrimaryCrashPromotesTheBackupWithEveryAcknowledgedWrite", 202, PbChecks.PrimaryFails);
        yield return new(PrimaryBackup, "ARestartedServerIsGivenTheStateBeforeItServes", 203, PbChecks.RestartedServerGetsTheState);
        yield return new(PrimaryBackup, "AServiceThatLostEveryServerHoldingTheStateDoesNotServe", 204, PbChecks.LostStateIsNotServed);
        yield return new(PrimaryBackup, "AReplacedPrimaryNoLongerAnswers", 205, PbChecks.ReplacedPrimary);
        yield return new(PrimaryBackup, "ANewBackupGetsTheDuplicateTable", 206, PbChecks.RetryAfterTwoFailovers);
        yield return new(PrimaryBackup, "ConcurrentClerksOnOneKeyAreLinearizable", 207, PbChecks.ConcurrentOneKey);
        foreach (ulong seed in new ulong[] { 208, 209 })
            yield return new(PrimaryBackup, $"ConcurrentClerksThroughCrashesOnAnUnreliableNetwork({seed - 207})", seed, PbChecks.ConcurrentWithCrashes);

        yield return new(Crashes, "APrimaryThatCrashesJustAfterAnsweringLeavesTheWriteWithItsBackup", 301, PbChecks.CrashAsTheAnswerLeaves);
        yield return new(Crashes, "APrimaryThatCrashesBeforeItsAnswerLeavesIsRetriedAtTheBackup", 302, PbChecks.CrashBeforeTheAnswerLeaves);
        yield return new(Crashes, "ABackupThatCrashesAfterApplyingAForwardLosesNothing", 303, PbChecks.BackupCrashesAfterAForward);
        yield return new(Crashes, "AForwardSentAgainIsAppliedOnceAtTheBackup", 304, PbChecks.ForwardSentAgain);
        yield return new(Crashes, "AFlakyLinkThenAFailoverLosesNoAnsweredWrite", 3, PbChecks.FlakyLinkThenFailover);

        yield return new(Duplicates, "OldCopiesOfRequestsArrivingAfterNewerOnesDoNotRun", 401, PbChecks.LateCopies);
        yield return new(Duplicates, "CallsThatTimeOutAreRetriedAndTheOldRequestsDoNotRunTwice", 402, PbChecks.Timeouts);
        yield return new(Duplicates, "ALateCopyReachingTheNewPrimaryAfterAFailoverDoesNotRun", 403, PbChecks.LateCopyAfterFailover);

        yield return new(Determinism, "TheSameSeedRunsTheSameWay", 501, PbChecks.SameSeedSameRun);
    }
}
