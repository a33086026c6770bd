namespace Concurrency.Core;

/// <summary>
/// An ExecutionContext with nothing in it, for work submitted under <see cref="ExecutionContext.SuppressFlow"/>:
/// running it inside a context still undoes what it sets before the worker's next item.
/// </summary>
internal static class CleanContext
{
    /// <summary>Captured on a thread started without a context, where Capture returns the runtime's empty context.</summary>
    public static readonly ExecutionContext Instance = CaptureOnFreshThread();

    private static ExecutionContext CaptureOnFreshThread()
    {
        ExecutionContext? captured = null;
        var thread = new Thread(() => captured = ExecutionContext.Capture()) { IsBackground = true, Name = "context-capture" };
        thread.UnsafeStart();
        thread.Join();
        return captured ?? throw new InvalidOperationException("A fresh thread had no ExecutionContext to capture.");
    }
}
