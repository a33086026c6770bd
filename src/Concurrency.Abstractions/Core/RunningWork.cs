namespace Concurrency.Core;

/// <summary>
/// Which asynchronous submission the calling code belongs to, across its awaits: after an await the work runs on
/// another thread (threaded) or as another slice (cooperative), where a thread or slice check cannot recognise it.
/// Only asynchronous items set it; synchronous work never leaves its worker, where the worker check recognises it.
/// </summary>
internal static class RunningWork
{
    private static readonly AsyncLocal<IWorkItem?> s_current = new();

    public static void Enter(IWorkItem item) => s_current.Value = item;

    /// <summary>True when the caller is asynchronous work of <paramref name="executor"/> that has not ended.</summary>
    public static bool IsRunningOn(PooledExecutor executor) =>
        s_current.Value is { } item && ReferenceEquals(item.Owner, executor) && item.FinishedAt == 0;
}
