using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relay.Actions;

namespace Relay.Grains.Actions.Notifiers;

/// <summary>
/// What every notifier kind's executor does: reads the command, finds the configured instance, asks the notifier's
/// history what came before (for "fixed" messages and PagerDuty resolves), decides what to send — or that nothing is
/// to be sent, which counts as delivered — and hands the message to the kind (<see cref="SendAsync"/>).
/// </summary>
internal abstract partial class NotifierExecutor<TOptions>(
    IOptionsMonitor<NotifiersOptions> options,
    IGrainFactory grains,
    ILogger logger) : IEffectExecutor
    where TOptions : NotifierOptions
{
    /// <summary>The notifier kind, which is the provider name of its effects.</summary>
    public abstract string Provider { get; }

    // maybeSent: a notification service offers nothing to look up; a message may go twice after a crash (docs/providers.md).
    public async Task<ActionResult> ExecuteAsync(Effect effect, EffectMemo? memo, bool maybeSent, CancellationToken cancellationToken)
    {
        NotificationCommand? command;
        try
        {
            command = NotifierJson.Read(effect.Payload);
        }
        catch (System.Text.Json.JsonException exception)
        {
            return Permanent($"unreadable notification payload: {exception.Message}");
        }

        if (command is null)
        {
            return Permanent("empty notification payload");
        }

        TOptions? notifier;
        try
        {
            notifier = options.CurrentValue.Find(Provider, effect.Instance) as TOptions;
        }
        catch (OptionsValidationException)
        {
            return new ActionResult { Outcome = ActionOutcome.TransientFailure, Error = "the notifiers configuration is invalid (see --validate)" };
        }

        if (notifier is null)
        {
            Log.NotifierUnknown(logger, Provider, effect.Instance);
            return Permanent($"no notifiers.{Provider} instance named '{effect.Instance}'");
        }

        string? previous = null;
        if (command.RecordsHistory)
        {
            try
            {
                previous = await grains.GetGrain<INotifierHistoryGrain>(command.HistoryKey).RecordAsync(command.RunId, command.State)
                    .WaitAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.HistoryUnavailable(logger, command.Describe(), exception.GetType().Name);
                return new ActionResult { Outcome = ActionOutcome.TransientFailure, Error = $"the notifier's history is unavailable ({exception.GetType().Name})" };
            }
        }

        if (Decide(command, previous) is not { } message)
        {
            if (logger.IsEnabled(LogLevel.Debug))
            {
                var described = command.Describe();
                Log.Skipped(logger, described, previous ?? "none");
            }

            return ActionResult.Success();
        }

        var result = await SendAsync(notifier, command, message, cancellationToken);
        var level = result.Outcome == ActionOutcome.Succeeded ? LogLevel.Information : LogLevel.Warning;
        if (logger.IsEnabled(level))
        {
            var described = command.Describe();
            if (result.Outcome == ActionOutcome.Succeeded)
            {
                Log.Sent(logger, described, message);
            }
            else
            {
                Log.Failed(logger, described, result.Error ?? "");
            }
        }

        return result;
    }

    /// <summary>
    /// What to send: PagerDuty triggers on a failure or error in <c>on</c> and resolves a success after one; the others
    /// send a success after a broken run as "fixed" when <c>success_after_failure</c> is asked, and any state in <c>on</c>
    /// as it is. Null: nothing to send.
    /// </summary>
    internal static NotificationMessage? Decide(NotificationCommand command, string? previous)
    {
        var broken = previous is "failure" or "error";
        if (command.Kind == NotifierKinds.PagerDuty)
        {
            return command.State switch
            {
                "failure" or "error" when command.Notify => NotificationMessage.Trigger,
                "success" when broken => NotificationMessage.Resolve,
                _ => null,
            };
        }

        if (command.Task is null && command.State == "success" && command.NotifyFixed && broken)
        {
            return NotificationMessage.Fixed;
        }

        return command.Notify ? NotificationMessage.Plain : null;
    }

    /// <summary>Sends <paramref name="message"/> to the service; answers become results, never exceptions.</summary>
    protected abstract Task<ActionResult> SendAsync(TOptions notifier, NotificationCommand command, NotificationMessage message, CancellationToken cancellationToken);

    /// <summary>Reads a secret file; a missing or empty one is a transient failure (a secret mounted late comes back).</summary>
    protected static bool TryReadSecret(string? file, string key, out string secret, out ActionResult? failure)
    {
        var problem = NotifierSecrets.TryRead(file, out secret);
        failure = problem == NotifierSecrets.ReadProblem.None
            ? null
            : new ActionResult { Outcome = ActionOutcome.TransientFailure, Error = $"{key} '{file}': {problem.ToString().ToLowerInvariant()}" };
        return failure is null;
    }

    protected static ActionResult Permanent(string error) => new() { Outcome = ActionOutcome.PermanentFailure, Error = error };

    private static partial class Log
    {
        [LoggerMessage(EventId = NotifierLogEventIds.Sent, EventName = "NotificationSent", Level = LogLevel.Information,
            Message = "{Notification}: sent ({Message})")]
        public static partial void Sent(ILogger logger, string notification, NotificationMessage message);

        [LoggerMessage(EventId = NotifierLogEventIds.Failed, EventName = "NotificationFailed", Level = LogLevel.Warning,
            Message = "{Notification}: not delivered: {Error}")]
        public static partial void Failed(ILogger logger, string notification, string error);

        [LoggerMessage(EventId = NotifierLogEventIds.Skipped, EventName = "NotificationSkipped", Level = LogLevel.Debug,
            Message = "{Notification}: nothing to send (the previous outcome was {Previous})")]
        public static partial void Skipped(ILogger logger, string notification, string previous);

        [LoggerMessage(EventId = NotifierLogEventIds.NotifierUnknown, EventName = "NotifierUnknown", Level = LogLevel.Error,
            Message = "No notifiers.{Kind} instance named {Name} is configured")]
        public static partial void NotifierUnknown(ILogger logger, string kind, string name);

        [LoggerMessage(EventId = NotifierLogEventIds.HistoryUnavailable, EventName = "NotifierHistoryUnavailable", Level = LogLevel.Warning,
            Message = "{Notification}: the notifier's history could not be asked ({Error}); retried later")]
        public static partial void HistoryUnavailable(ILogger logger, string notification, string error);
    }
}
