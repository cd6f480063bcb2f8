using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Relay.Receiver.Auth.Tests;

/// <summary>
/// The <c>hmac-sha256</c> replay guard: a signature is reserved while its request is handled, used up only when the
/// request succeeds, and usable again when it fails, so a sender's byte-identical retry after a 503 is taken.
/// </summary>
public sealed class ReplayGuardTests
{
    private const string Signature = "sha256=0a1b2c";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    private DateTimeOffset Expires => _time.GetUtcNow().AddMinutes(5);

    [Fact]
    public void First_use_is_reserved()
    {
        var guard = new ReplayGuard(_time);

        Assert.Equal(ReplayCheck.Reserved, guard.TryReserve(Signature, Expires, out var reservation));
        Assert.NotNull(reservation);
        Assert.Equal(1, guard.Count);
    }

    [Fact]
    public void Committed_signature_is_used_until_it_expires()
    {
        var guard = new ReplayGuard(_time);
        var expires = Expires;
        guard.TryReserve(Signature, expires, out var reservation);
        reservation!.Commit();
        reservation.Dispose();

        Assert.Equal(ReplayCheck.Used, guard.TryReserve(Signature, expires, out var replay));
        Assert.Null(replay);

        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(ReplayCheck.Reserved, guard.TryReserve(Signature, expires.AddMinutes(5), out _));
    }

    [Fact]
    public void Released_signature_may_be_reserved_again()
    {
        var guard = new ReplayGuard(_time);
        guard.TryReserve(Signature, Expires, out var failed);

        failed!.Dispose();

        Assert.Equal(0, guard.Count);
        Assert.Equal(ReplayCheck.Reserved, guard.TryReserve(Signature, Expires, out var retry));
        retry!.Commit();
        Assert.Equal(ReplayCheck.Used, guard.TryReserve(Signature, Expires, out _));
    }

    [Fact]
    public void Reserved_signature_is_in_flight_for_a_concurrent_request()
    {
        var guard = new ReplayGuard(_time);
        guard.TryReserve(Signature, Expires, out var first);

        Assert.Equal(ReplayCheck.InFlight, guard.TryReserve(Signature, Expires, out var second));
        Assert.Null(second);

        first!.Dispose();
        Assert.Equal(ReplayCheck.Reserved, guard.TryReserve(Signature, Expires, out _));
    }

    [Fact]
    public void Only_one_of_many_concurrent_identical_requests_is_reserved()
    {
        var guard = new ReplayGuard(_time);
        var expires = Expires;

        var checks = Enumerable.Range(0, 64).AsParallel().Select(i => guard.TryReserve(Signature, expires, out _)).ToList();

        Assert.Equal(1, checks.Count(c => c == ReplayCheck.Reserved));
        Assert.Equal(63, checks.Count(c => c == ReplayCheck.InFlight));
    }

    [Fact]
    public void Commit_after_a_release_does_nothing()
    {
        var guard = new ReplayGuard(_time);
        guard.TryReserve(Signature, Expires, out var reservation);

        reservation!.Dispose();
        reservation.Commit();

        Assert.Equal(ReplayCheck.Reserved, guard.TryReserve(Signature, Expires, out _));
    }

    [Fact]
    public void A_stale_reservation_ending_late_does_not_touch_a_newer_one()
    {
        var guard = new ReplayGuard(_time);
        guard.TryReserve(Signature, Expires, out var stale);
        _time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(ReplayCheck.Reserved, guard.TryReserve(Signature, Expires, out var fresh));

        stale!.Dispose();

        Assert.Equal(ReplayCheck.InFlight, guard.TryReserve(Signature, Expires, out _));
        fresh!.Commit();
        Assert.Equal(ReplayCheck.Used, guard.TryReserve(Signature, Expires, out _));
    }

    [Fact]
    public void Expired_entries_are_swept_away()
    {
        var guard = new ReplayGuard(_time);
        for (var i = 0; i < 5; i++)
        {
            guard.TryReserve($"sha256={i}", Expires, out var reservation);
            reservation!.Commit();
        }

        _time.Advance(TimeSpan.FromMinutes(6));
        guard.TryReserve("sha256=new", Expires, out _);

        Assert.Equal(1, guard.Count);
    }
}
