namespace Relay.Grains.Diagnostics;

/// <summary>Event ids of the grains' log messages, in ranges per capability (events 2xxx, runs 3xxx, actions 4xxx, dead letters 5xxx, reconcile 7xxx).</summary>
internal static class LogEventIds
{
    public const int DuplicateEvent = 2001;
    public const int EventAccepted = 2002;

    public const int EventRecorded = 3001;
    public const int ActionPlanned = 3002;
    public const int ActionDelivered = 3003;
    public const int ActionRetry = 3004;
    public const int ActionFailed = 3005;
    public const int NoActionTarget = 3006;
    public const int StaleStateIgnored = 3007;
    public const int RunForgotten = 3008;
    public const int DeadLetterDeferred = 3009;
    public const int DeadLetterReplayed = 3010;
    public const int TemplateFailed = 3011;
    public const int RunRestarted = 3012;
    public const int EventOfRetiredRun = 3013;
    public const int RunStateWriteFailed = 3014;
    public const int RunTombstoned = 3015;
    public const int DrainFailed = 3016;
    public const int DeadLetterRemovalDeferred = 3017;

    public const int RunIndexReportFailed = 3101;
    public const int RunIndexWriteFailed = 3102;
    public const int RunIndexTrimmed = 3103;

    public const int EffectProviderUnknown = 4100;
    public const int EffectDeadlineExceeded = 4101;
    public const int EffectSuperseded = 4102;

    public const int GitHubCallFailed = 4001;
    public const int GitHubInstanceUnknown = 4002;
    public const int GitHubDryRun = 4003;
    public const int GitHubRetry = 4004;
    public const int GitHubRateLimited = 4005;
    public const int GitHubRateLimitObserved = 4006;
    public const int GitHubRateLimitGrainUnavailable = 4007;
    public const int GitHubAppTokenIssued = 4008;
    public const int GitHubApiBaseUrlRefused = 4009;

    public const int ScmCallFailed = 4200;
    public const int ScmInstanceUnknown = 4201;
    public const int ScmRetry = 4202;
    public const int ScmDryRun = 4203;
    public const int ScmTemplateFailed = 4204;

    public const int DeadLetterStored = 5001;
    public const int DeadLetterRemoved = 5002;
    public const int DeadLetterReplayStarted = 5003;
    public const int DeadLetterReplayFailed = 5004;
    public const int DeadLettersPurged = 5005;
    public const int DeadLettersDropped = 5006;
    public const int DeadLetterTrimFailed = 5007;
    public const int DeadLettersMigrated = 5008;
    public const int DeadLetterRecordNotCleared = 5009;
    public const int DeadLetterCapCheckFailed = 5010;
    public const int DeadLetterReplayJobStarted = 5011;
    public const int DeadLetterReplayJobResumed = 5012;
    public const int DeadLetterReplayJobFinished = 5013;
    public const int DeadLetterReplayJobEntryFailed = 5014;
    public const int DeadLetterReplayJobProgressNotStored = 5015;
    public const int DeadLetterTrimReminderDeferred = 5016;

    public const int ReconcilerStarted = 7001;
    public const int ReconcileScanFailed = 7002;
    public const int ReconcilerStateWriteFailed = 7003;
    public const int ReconcilerStartDeferred = 7004;
}
