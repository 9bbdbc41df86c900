namespace Routing.Tests;

/// <summary>
/// Waits for something another thread does (a request reaching a loopback server, a background fetch ending) before a
/// test moves its fake clock or asserts.
/// </summary>
/// <remarks>Real time here only bounds how long a broken test hangs; what a test asserts never depends on it.</remarks>
internal static class TestWait
{
    /// <summary>How long a test waits for another thread before it fails: generous, for a loaded 2-core machine.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test after <see cref="Limit"/>.</summary>
    /// <param name="condition">What must become true.</param>
    /// <param name="what">What is awaited, for the failure message.</param>
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var testEnded = TestContext.Current.CancellationToken;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(testEnded);
        limit.CancelAfter(Limit);
        while (!condition())
        {
            try
            {
                await Task.Delay(10, limit.Token);
            }
            catch (OperationCanceledException) when (!testEnded.IsCancellationRequested)
            {
                Assert.Fail($"Waited {Limit.TotalSeconds} s for {what}.");
            }
        }
    }
}
