using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Relay.Events;
using Relay.Receiver.Auth;
using Relay.Receiver.Diagnostics;
using Relay.Receiver.Filtering;
using Relay.Receiver.Health;
using Relay.Receiver.Tekton;

namespace Relay.Receiver.Intake;

/// <summary>
/// One intake request: limits, CloudEvent read, Tekton decode, filter, then the event grain. Every path ends
/// in an <see cref="IntakeOutcome"/>; the cluster's trouble becomes 503 so Tekton retransmits.
/// </summary>
internal sealed partial class IntakeHandler(
    IGrainFactory grains,
    EventFilter filter,
    IntakeGate gate,
    IntakeAuthenticator authenticator,
    IOptions<IntakeOptions> options,
    ILogger<IntakeHandler> logger)
{
    private readonly IntakeOptions _options = options.Value;
    private readonly StringKeyedGrains<IEventGrain> _events = new(grains);

    public async Task<IntakeResponse> HandleAsync(HttpContext context)
    {
        if (gate.ClosedReason is { } closed)
        {
            // Starting or shutting down: Tekton retransmits, and another replica takes it.
            return IntakeResponse.Of(IntakeOutcome.Unavailable, $"not taking events: {closed}");
        }

        // Bearer secret and timestamp are checked before the body is read: an unauthenticated sender costs no buffering.
        if (authenticator.CheckHeaders(context.Request.Headers) is { } refused)
        {
            return Refuse(refused);
        }

        var limit = _options.MaxBodySize.Bytes;
        var body = await ReadBodyAsync(context, limit);
        if (body is null)
        {
            Log.EventTooLarge(logger, limit);
            return IntakeResponse.Of(IntakeOutcome.TooLarge, $"the body is larger than server.max_body_size ({limit} bytes)");
        }

        if (authenticator.CheckBody(context.Request.Headers, body.Value.Span, out var reservation) is { } forged)
        {
            return Refuse(forged);
        }

        using (reservation)
        {
            var response = await HandleAuthenticAsync(context, body.Value);
            if (response.Outcome.StatusCode() is >= 200 and < 300)
            {
                // Only a success uses the signature up: after a 503 (or any refusal) the sender's identical retry is taken.
                reservation?.Commit();
            }

            return response;
        }
    }

    private async Task<IntakeResponse> HandleAuthenticAsync(HttpContext context, ReadOnlyMemory<byte> body)
    {
        var (cloudEvent, error) = CloudEventReader.Read(context.Request.Headers, context.Request.ContentType, body);
        if (cloudEvent is null)
        {
            Log.EventInvalid(logger, error!);
            return IntakeResponse.Of(IntakeOutcome.Invalid, error);
        }

        DecodeResult decoded;
        try
        {
            decoded = TektonEventDecoder.Decode(cloudEvent);
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException or ArgumentException)
        {
            Log.DecoderFault(logger, exception, cloudEvent.Type);
            return IntakeResponse.Of(IntakeOutcome.Invalid, $"the {cloudEvent.Type} body could not be decoded: {exception.Message}");
        }

        switch (decoded.Status)
        {
            case DecodeStatus.Invalid:
                Log.EventInvalid(logger, decoded.Message!);
                return IntakeResponse.Of(IntakeOutcome.Invalid, decoded.Message);
            case DecodeStatus.Unsupported:
                Log.EventUnsupported(logger, cloudEvent.Type);
                return IntakeResponse.Of(IntakeOutcome.Unsupported, decoded.Message);
        }

        var relayEvent = decoded.Event!;
        if (filter.Reject(relayEvent, decoded.ManagedByPipelinesAsCode) is { } reason)
        {
            Log.EventFiltered(logger, relayEvent.EventKey, reason);
            return IntakeResponse.Of(IntakeOutcome.Filtered, reason, relayEvent);
        }

        try
        {
            var accepted = await _events.Get(relayEvent.EventKey)
                .AcceptAsync(relayEvent)
                .WaitAsync(_options.IntakeTimeout.Value, context.RequestAborted);
            var outcome = accepted == AcceptOutcome.Duplicate ? IntakeOutcome.Duplicate : IntakeOutcome.Accepted;
            Log.EventHandled(logger, relayEvent.EventKey, relayEvent.RunKey, outcome);
            return IntakeResponse.Of(outcome, message: null, relayEvent);
        }
        catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested)
        {
            // Timeout, silo loss, storage failure, etag conflict: the key stays retryable, Tekton retransmits.
            Log.ClusterUnavailable(logger, exception, relayEvent.EventKey);
            return IntakeResponse.Of(IntakeOutcome.Unavailable, "the cluster cannot take the event now; retry", relayEvent);
        }
    }

    private IntakeResponse Refuse(AuthCheck check)
    {
        Log.Unauthorized(logger, check.Reason);
        return IntakeResponse.Of(check.Outcome, check.Reason);
    }

    /// <summary>Reads the whole body, or returns null as soon as it exceeds <paramref name="limit"/> bytes.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpContext context, long limit)
    {
        var request = context.Request;
        if (request.ContentLength > limit)
        {
            return null;
        }

        // Lets Kestrel refuse oversized chunked bodies too, before they are buffered.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        var capacity = (int)Math.Min(request.ContentLength ?? 16 * 1024, limit);
        using var buffer = new MemoryStream(capacity);
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.Unauthorized, EventName = "Unauthorized", Level = LogLevel.Warning,
            Message = "Refused an intake request: {Reason}")]
        public static partial void Unauthorized(ILogger logger, string reason);

        [LoggerMessage(EventId = LogEventIds.EventInvalid, EventName = "EventInvalid", Level = LogLevel.Information,
            Message = "Refused a request that is not a valid Tekton CloudEvent: {Reason}")]
        public static partial void EventInvalid(ILogger logger, string reason);

        [LoggerMessage(EventId = LogEventIds.EventUnsupported, EventName = "EventUnsupported", Level = LogLevel.Debug,
            Message = "Ignored event of unsupported type {EventType}")]
        public static partial void EventUnsupported(ILogger logger, string eventType);

        [LoggerMessage(EventId = LogEventIds.EventFiltered, EventName = "EventFiltered", Level = LogLevel.Debug,
            Message = "Filtered event {EventKey}: {Reason}")]
        public static partial void EventFiltered(ILogger logger, string eventKey, string reason);

        [LoggerMessage(EventId = LogEventIds.ClusterUnavailable, EventName = "ClusterUnavailable", Level = LogLevel.Warning,
            Message = "Event {EventKey} could not be recorded now; answered 503")]
        public static partial void ClusterUnavailable(ILogger logger, Exception exception, string eventKey);

        [LoggerMessage(EventId = LogEventIds.EventTooLarge, EventName = "EventTooLarge", Level = LogLevel.Warning,
            Message = "Refused a body over {Limit} bytes")]
        public static partial void EventTooLarge(ILogger logger, long limit);

        [LoggerMessage(EventId = LogEventIds.EventHandled, EventName = "EventHandled", Level = LogLevel.Debug,
            Message = "Event {EventKey} for run {RunKey}: {Outcome}")]
        public static partial void EventHandled(ILogger logger, string eventKey, string runKey, IntakeOutcome outcome);

        [LoggerMessage(EventId = LogEventIds.DecoderFault, EventName = "DecoderFault", Level = LogLevel.Error,
            Message = "The decoder failed on a {EventType} event")]
        public static partial void DecoderFault(ILogger logger, Exception exception, string eventType);
    }
}
