using System.Net;
using Microsoft.Extensions.Logging;
using Polly.Timeout;
using Relay.Actions;
using Relay.Grains.Diagnostics;

namespace Relay.Grains.Actions.Scm;

/// <summary>
/// The SCM kit's executor: reads the kit's payload, holds nothing, and turns every provider answer (and transport
/// failure) into an <see cref="ActionResult"/>. A provider derives from it and supplies its auth header and its four
/// requests (set a status; create, edit, find the run comment); the comment's lifecycle is the kit's:
/// edit the stored id; after a create that may have happened, find by marker first; a comment gone (404 on edit) is
/// created again once.
/// </summary>
/// <remarks>
/// 2xx is delivered; 429 is rate limited (waited, not counted as an attempt); 408, 5xx and transport failures are
/// transient (an unclear create is <see cref="ActionResult.Ambiguous"/>); every other answer (401, 403, 404, 422, …) is
/// permanent and goes to the dead-letter store. <see cref="IsDelivered"/> lets a provider accept a known quirk.
/// </remarks>
internal abstract partial class ScmEffectExecutor(
    SecretFileReader secrets,
    IHttpClientFactory httpClients,
    RelayMetrics metrics,
    TimeProvider time,
    ILogger logger) : IEffectExecutor
{
    public abstract string Provider { get; }

    /// <summary>The configured instance named <paramref name="name"/>, or null.</summary>
    protected abstract ScmInstanceOptions? FindInstance(string name);

    /// <summary>The provider's API root for <paramref name="instance"/> (e.g. <c>&lt;base_url&gt;/api/v4/</c>).</summary>
    protected abstract Uri ApiRoot(ScmInstanceOptions instance);

    /// <summary>Puts the provider's auth header on <paramref name="request"/>.</summary>
    protected abstract void Authorize(HttpRequestMessage request, string token);

    protected abstract Task<ScmAnswer> SetStatusAsync(ScmApiCall call, ScmCommand command);

    /// <summary>Creates the run comment; a 2xx answer carries <see cref="ScmAnswer.Comment"/>.</summary>
    protected abstract Task<ScmAnswer> CreateCommentAsync(ScmApiCall call, ScmCommand command);

    /// <summary>Replaces the run comment's body; a 2xx answer may carry the comment's new <see cref="ScmCommentRef"/> (version).</summary>
    protected abstract Task<ScmAnswer> EditCommentAsync(ScmApiCall call, ScmCommand command, ScmCommentRef comment);

    /// <summary>Looks for a comment whose body holds <see cref="ScmCommand.Marker"/>: 2xx with <see cref="ScmAnswer.Comment"/> when found, 2xx without when not.</summary>
    protected abstract Task<ScmAnswer> FindCommentAsync(ScmApiCall call, ScmCommand command);

    /// <summary>Whether <paramref name="answer"/> means the effect is in place; by default a 2xx. Providers add their quirks.</summary>
    protected virtual bool IsDelivered(ScmCommand command, ScmAnswer answer) => answer.IsSuccess;

    // maybeSent is not looked up by the kit's modules yet: they send again (at least once; docs/providers.md).
    public async Task<ActionResult> ExecuteAsync(Effect effect, EffectMemo? memo, bool maybeSent, CancellationToken cancellationToken)
    {
        ScmCommand? command;
        try
        {
            command = ScmJson.ReadCommand(effect.Payload);
        }
        catch (System.Text.Json.JsonException exception)
        {
            return Permanent($"unreadable {Provider} payload: {exception.Message}");
        }

        if (command is null)
        {
            return Permanent($"empty {Provider} payload");
        }

        if (FindInstance(effect.Instance) is not { } instance)
        {
            Log.InstanceUnknown(logger, Provider, effect.Instance);
            return Permanent($"no scm.{Provider} instance named '{effect.Instance}'");
        }

        if (instance.DryRun)
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                var what = command.Describe();
                var root = ApiRoot(instance).ToString();
                var detail = command.Description ?? $"body: {command.Body?.Length ?? 0} characters";
                Log.DryRun(logger, Provider, root, what, detail);
            }

            return ActionResult.Success();
        }

        string token;
        try
        {
            token = secrets.GetToken(instance.Auth.TokenFile ?? "");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A secret not mounted yet may be there at the next attempt; the outbox retries, then dead-letters.
            return new ActionResult { Outcome = ActionOutcome.TransientFailure, Error = $"scm.{Provider} '{instance.Name}' auth.token_file: {exception.Message}" };
        }

        var started = time.GetTimestamp();
        var call = new ScmApiCall(
            instance, ApiRoot(instance), httpClients.CreateClient(ScmHttpClients.ClientName(Provider)), r => Authorize(r, token), time, cancellationToken);
        var data = ScmJson.ReadMemo(memo?.Data);
        var result = command.IsStatus ? await StatusAsync(call, command) : await CommentAsync(call, command, memo, data);
        metrics.ProviderCalled(Provider, Outcome(result), time.GetElapsedTime(started));
        if (result.Outcome != ActionOutcome.Succeeded && logger.IsEnabled(LogLevel.Warning))
        {
            var what = command.Describe();
            Log.CallFailed(logger, Provider, what, result.Outcome, result.Error);
        }

        return result;
    }

    private async Task<ActionResult> StatusAsync(ScmApiCall call, ScmCommand command)
    {
        try
        {
            var answer = await SetStatusAsync(call, command);
            return IsDelivered(command, answer) ? ActionResult.Success(answer.StatusCode) : Failure(answer);
        }
        catch (Exception exception) when (IsTransport(exception, call.CancellationToken))
        {
            // A status repeated changes nothing a reader sees: safe to send again, no lookup needed.
            return Transient(exception, ambiguous: false);
        }
    }

    private async Task<ActionResult> CommentAsync(ScmApiCall call, ScmCommand command, EffectMemo? memo, ScmMemoData data)
    {
        var existing = memo?.ResourceId is { Length: > 0 } id ? new ScmCommentRef(id, data.ParentId, data.Version) : null;
        var creating = false;
        try
        {
            if (existing is null && data.MaybeCreated)
            {
                // The last create ended without an answer: it may have landed. Look before creating again.
                var found = await FindCommentAsync(call, command);
                if (!found.IsSuccess)
                {
                    return Failure(found) with { Memo = memo };
                }

                existing = found.Comment;
            }

            ScmAnswer answer;
            if (existing is not null)
            {
                answer = await EditCommentAsync(call, command, existing);
                if (answer.StatusCode == (int)HttpStatusCode.NotFound)
                {
                    // Someone deleted the comment: create it again, once.
                    existing = null;
                    creating = true;
                    answer = await CreateCommentAsync(call, command);
                }
            }
            else
            {
                creating = true;
                answer = await CreateCommentAsync(call, command);
            }

            if (!IsDelivered(command, answer))
            {
                return Failure(answer) with { Memo = MemoOf(existing, maybeCreated: false) };
            }

            // A create answered without a readable id: the next delivery finds the comment by its marker, not by id.
            var comment = answer.Comment ?? existing;
            return ActionResult.Success(answer.StatusCode, MemoOf(comment, maybeCreated: comment is null && creating));
        }
        catch (Exception exception) when (IsTransport(exception, call.CancellationToken))
        {
            return Transient(exception, ambiguous: creating) with { Memo = MemoOf(existing, maybeCreated: creating || data.MaybeCreated) };
        }
    }

    /// <summary>The row's memo after an attempt: the comment (id, thread, version) and whether a create may have happened.</summary>
    private static EffectMemo MemoOf(ScmCommentRef? comment, bool maybeCreated)
    {
        var data = new ScmMemoData { MaybeCreated = maybeCreated, ParentId = comment?.ParentId, Version = comment?.Version };
        var json = data == new ScmMemoData() ? null : ScmJson.Write(data);
        return new EffectMemo { ResourceId = comment?.Id, Data = json };
    }

    /// <summary>A failure that is the transport's (or the deadline's), not the provider's answer.</summary>
    private static bool IsTransport(Exception exception, CancellationToken deadline) =>
        exception is HttpRequestException or TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException
        || (exception is OperationCanceledException && deadline.IsCancellationRequested);

    private ActionResult Transient(Exception exception, bool ambiguous) => new()
    {
        Outcome = ActionOutcome.TransientFailure,
        Ambiguous = ambiguous,
        Error = exception is OperationCanceledException
            ? $"{Provider}: the delivery's deadline passed before an answer"
            : $"{Provider}: {exception.GetType().Name}: {exception.Message}",
    };

    /// <summary>A provider answer that is not a delivery, classified.</summary>
    private ActionResult Failure(ScmAnswer answer)
    {
        var status = answer.StatusCode;
        var error = $"{Provider} answered {status}: {Excerpt(answer.Body)}";
        if (status == 429)
        {
            return new ActionResult
            {
                Outcome = ActionOutcome.TransientFailure,
                StatusCode = status,
                RateLimited = true,
                RetryAfter = answer.RetryAfter ?? TimeSpan.FromSeconds(60),
                Error = error,
            };
        }

        return new ActionResult
        {
            Outcome = status is 408 or >= 500 ? ActionOutcome.TransientFailure : ActionOutcome.PermanentFailure,
            StatusCode = status,
            RetryAfter = status is 408 or >= 500 ? answer.RetryAfter : null,
            Error = error,
        };
    }

    private static string Excerpt(string body)
    {
        var text = body.ReplaceLineEndings(" ").Trim();
        return text.Length == 0 ? "(no body)" : text.Length > 300 ? text[..300] + "…" : text;
    }

    private static ActionResult Permanent(string error) => new() { Outcome = ActionOutcome.PermanentFailure, Error = error };

    private static string Outcome(ActionResult result) => result.Outcome switch
    {
        ActionOutcome.Succeeded => "succeeded",
        ActionOutcome.TransientFailure => "transient_failure",
        _ => "permanent_failure",
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.ScmCallFailed, EventName = "ScmCallFailed", Level = LogLevel.Warning,
            Message = "{Provider} call {Effect} failed ({Outcome}): {Error}")]
        public static partial void CallFailed(ILogger logger, string provider, string effect, ActionOutcome outcome, string? error);

        [LoggerMessage(EventId = LogEventIds.ScmInstanceUnknown, EventName = "ScmInstanceUnknown", Level = LogLevel.Error,
            Message = "No scm.{Provider} instance named {Instance} is configured")]
        public static partial void InstanceUnknown(ILogger logger, string provider, string instance);

        [LoggerMessage(EventId = LogEventIds.ScmDryRun, EventName = "ScmDryRun", Level = LogLevel.Information,
            Message = "Dry run: would send to {Provider} at {ApiRoot}: {Effect} ({Detail})")]
        public static partial void DryRun(ILogger logger, string provider, string apiRoot, string effect, string detail);
    }
}
