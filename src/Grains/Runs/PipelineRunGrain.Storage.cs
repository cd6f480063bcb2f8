using Orleans.Storage;

namespace Relay.Grains.Runs;

/// <summary>
/// The run grain's write discipline: one write at a time (the storage etag), group commit of interleaved changes, a
/// refused write kept in memory and answered 503, a lost reply recovered from, and retirement when another activation
/// wrote (<c>Runs/README.md</c>, invariant 2).
/// </summary>
internal sealed partial class PipelineRunGrain
{
    // Writes of one IPersistentState must not overlap (its etag): applies, drain and cleanup take turns.
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    // Changes made in memory (_version) and the newest one storage holds (_persisted). A failed write retires the
    // activation (_retired): from then on it answers nothing, and the next activation reads what storage holds.
    private long _version;
    private long _persisted;
    private bool _retired;
    private bool _fenced;

    // This activation's mark on the records it writes, and whether a write of it failed without a clear answer since its
    // last stored one (it may land later: see OverwriteOwnRecordAsync).
    private readonly string _writer = Guid.NewGuid().ToString("N");
    private bool _unclearWrite;

    // Set for the last write of a deactivation with nothing in flight: the record says its outbox was handed over whole.
    private bool _releasing;
    private bool _deactivating;

    private async Task PersistAsync()
    {
        // Applies interleave: while one write is on its way, the next events change memory. The write that begins next
        // holds all of them, and every caller whose change it holds returns without a write of its own (group commit).
        var wanted = _version;
        await _writeGate.WaitAsync();
        try
        {
            ThrowIfRetired();
            if (_persisted >= wanted && _fenced)
            {
                return;
            }

            var version = _version;
            var held = _outbox.BeginWrite();
            Run.Writer = _writer;
            Run.Released = _releasing;
            try
            {
                await state.WriteStateAsync();
            }
            catch (InconsistentStateException conflict) when (_unclearWrite)
            {
                // A write of ours whose reply was lost may have landed since (and deliveries settled after it began would
                // be lost with a retirement): if the record is ours, write over it.
                await OverwriteOwnRecordAsync(conflict);
            }
            catch (InconsistentStateException conflict)
            {
                throw Retire(conflict);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // Storage refused or timed out: memory keeps the change, unanswered and undelivered until a write holds
                // it (the caller's retry, the next event or the next drain writes it). An unclear write that did land
                // shows up as a stale etag on the next one (OverwriteOwnRecordAsync).
                _unclearWrite = true;
                Log.StateWriteFailed(logger, _runKey, exception.Message);
                throw new RunStateUnavailableException($"run {_runKey}: its state could not be stored ({exception.Message}); retry", exception);
            }

            _unclearWrite = false;
            _persisted = Math.Max(_persisted, version);
            _fenced = true;
            StartInheritedHold();
            _outbox.Written(held);
            // The listing follows what storage holds; one-way and never throws (Runs/Index/RunIndexReporter).
            _index.Report(Run);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// A write met a stale etag after an earlier write of this activation failed without a clear answer: reads the record
    /// back and, if this activation wrote it (that lost write landed, and nobody wrote since), writes memory over it with
    /// the fresh etag. Memory holds all that record does and what happened since, settled deliveries included, which a
    /// retirement would lose (the next activation would send them again). A record of another writer retires.
    /// </summary>
    private async Task OverwriteOwnRecordAsync(InconsistentStateException conflict)
    {
        var mine = state.State;
        PipelineRunGrainState stored;
        try
        {
            await state.ReadStateAsync();
            stored = state.State;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Log.StateWriteFailed(logger, _runKey, exception.Message);
            throw new RunStateUnavailableException($"run {_runKey}: its stored record could not be read back after a stale write ({exception.Message}); retry", exception);
        }
        finally
        {
            state.State = mine;
        }

        if (!string.Equals(stored.Writer, _writer, StringComparison.Ordinal))
        {
            throw Retire(conflict);
        }

        try
        {
            await state.WriteStateAsync();
        }
        catch (InconsistentStateException again)
        {
            throw Retire(again);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Log.StateWriteFailed(logger, _runKey, exception.Message);
            throw new RunStateUnavailableException($"run {_runKey}: its state could not be stored ({exception.Message}); retry", exception);
        }
    }

    /// <summary>
    /// Storage holds a record this activation did not write (its etag is stale): stop answering and delivering and let
    /// the next activation read what storage holds. Callers see <see cref="RunStateUnavailableException"/> (503).
    /// </summary>
    private RunStateUnavailableException Retire(Exception cause)
    {
        if (!_retired)
        {
            _retired = true;
            Log.StateWriteFailed(logger, _runKey, cause.Message);
            DeactivateOnIdle();
        }

        return new RunStateUnavailableException($"run {_runKey}: storage holds a record this activation did not write ({cause.Message}); retry", cause) { Retired = true };
    }

    private void ThrowIfRetired()
    {
        if (_retired)
        {
            throw new RunStateUnavailableException($"run {_runKey}: the activation is being replaced after a stale write; retry") { Retired = true };
        }
    }
}
