namespace Routing.Pipeline;

/// <summary>
/// Cancels a source when a time passes on an injected clock, written once for the integration and authorizer timeouts.
/// A timer callback that runs after the source was disposed (the call ended right at its deadline) does nothing.
/// </summary>
internal static class Deadline
{
    /// <summary>Cancels the source given as state; a disposed one is left alone.</summary>
    public static readonly TimerCallback CancelOnTimer = static state => Cancel(state);

    /// <summary>The same, as a cancellation-token callback (the host's token joining the source).</summary>
    public static readonly Action<object?> CancelOnToken = static state => Cancel(state);

    /// <summary>Arms a timer that cancels <paramref name="source"/> after <paramref name="after"/>.</summary>
    /// <param name="time">The clock.</param>
    /// <param name="source">The source to cancel.</param>
    /// <param name="after">When.</param>
    /// <returns>The timer; dispose it when the call ends.</returns>
    public static ITimer Arm(TimeProvider time, CancellationTokenSource source, TimeSpan after)
        => time.CreateTimer(CancelOnTimer, source, after, Timeout.InfiniteTimeSpan);

    private static void Cancel(object? state)
    {
        try
        {
            ((CancellationTokenSource)state!).Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The call ended and released its source just as the deadline fired: nothing is left to cancel.
        }
    }
}
