namespace Routing.Tests.Integrations.Lambda;

/// <summary>A clock stopped at one instant (timers still run on real time, so integration timeouts work).</summary>
internal sealed class LambdaTestClock(DateTimeOffset now) : TimeProvider
{
    /// <summary>10 Jul 2026 19:19:05.766 UTC, the instant of capture C2.</summary>
    public static readonly DateTimeOffset CaptureTime = new(2026, 7, 10, 19, 19, 5, 766, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => now;
}
