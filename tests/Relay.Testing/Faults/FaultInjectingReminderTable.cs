using Orleans.Runtime;

namespace Relay.Testing.Faults;

/// <summary>
/// Wraps the real <see cref="IReminderTable"/> and fails the upserts, removals or reads that an armed
/// <see cref="ReminderFault"/> of <see cref="ReminderFaults"/> claims, before they reach the table.
/// </summary>
public sealed class FaultInjectingReminderTable(IReminderTable inner, ReminderFaults faults) : IReminderTable
{
    public IReminderTable Inner => inner;

    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => inner.StopAsync(cancellationToken);

    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    public Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken) =>
        Guard(ReminderOperations.Read, grainId, "", () => inner.ReadRows(grainId, cancellationToken));

    // Range reads are the reminder service's own polling, not one grain's: they are never failed.
    public Task<ReminderTableData> ReadRows(uint begin, uint end) => inner.ReadRows(begin, end, CancellationToken.None);

    public Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken) => inner.ReadRows(begin, end, cancellationToken);

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken) =>
        Guard(ReminderOperations.Read, grainId, reminderName, () => inner.ReadRow(grainId, reminderName, cancellationToken));

    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    public Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken) =>
        Guard(ReminderOperations.Upsert, entry.GrainId, entry.ReminderName, () => inner.UpsertRow(entry, cancellationToken));

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken) =>
        Guard(ReminderOperations.Remove, grainId, reminderName, () => inner.RemoveRow(grainId, reminderName, eTag, cancellationToken));

    public Task TestOnlyClearTable() => inner.TestOnlyClearTable();

    public Task TestOnlyClearTable(CancellationToken cancellationToken) => inner.TestOnlyClearTable(cancellationToken);

    private Task<T> Guard<T>(ReminderOperations operation, GrainId grainId, string reminderName, Func<Task<T>> call)
    {
        var request = new ReminderCall(operation, grainId, reminderName);
        return faults.Claim(request) is { } fault ? Task.FromException<T>(fault.Exception(request)) : call();
    }
}
