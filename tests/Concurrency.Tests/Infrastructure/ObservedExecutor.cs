using System.Collections.Concurrent;

namespace Concurrency.Tests.Infrastructure;

/// <summary>
/// Wraps a real executor and keeps every Task it hands out, in submission order, so a test can wait for exactly the
/// submissions it needs (never for time to pass).
/// </summary>
public sealed class ObservedExecutor(IExecutor inner) : IExecutor
{
    private readonly ConcurrentQueue<Task> _submitted = new();

    public IReadOnlyList<Task> Submitted => [.. _submitted];

    public string Name => inner.Name;

    public string Backend => inner.Backend;

    public int MaxWorkers => inner.MaxWorkers;

    public bool IsAlive => inner.IsAlive;

    public ExecutorStatistics GetStatistics() => inner.GetStatistics();

    public PoolState GetPoolState() => inner.GetPoolState();

    public Task Submit(Action<CancellationToken> work, CancellationToken cancellationToken = default) => Keep(inner.Submit(work, cancellationToken));

    public Task<TResult> Submit<TResult>(Func<CancellationToken, TResult> work, CancellationToken cancellationToken = default) =>
        Keep(inner.Submit(work, cancellationToken));

    public Task SubmitAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken = default) =>
        Keep(inner.SubmitAsync(work, cancellationToken));

    public Task<TResult> SubmitAsync<TResult>(Func<CancellationToken, Task<TResult>> work, CancellationToken cancellationToken = default) =>
        Keep(inner.SubmitAsync(work, cancellationToken));

    public Task SubmitAfter(TimeSpan delay, Action<CancellationToken> work, CancellationToken cancellationToken = default) =>
        Keep(inner.SubmitAfter(delay, work, cancellationToken));

    public Task<TResult> SubmitAfter<TResult>(TimeSpan delay, Func<CancellationToken, TResult> work, CancellationToken cancellationToken = default) =>
        Keep(inner.SubmitAfter(delay, work, cancellationToken));

    public Task SubmitAsyncAfter(TimeSpan delay, Func<CancellationToken, Task> work, CancellationToken cancellationToken = default) =>
        Keep(inner.SubmitAsyncAfter(delay, work, cancellationToken));

    public Task<TResult> SubmitAsyncAfter<TResult>(TimeSpan delay, Func<CancellationToken, Task<TResult>> work, CancellationToken cancellationToken = default) =>
        Keep(inner.SubmitAsyncAfter(delay, work, cancellationToken));

    public Task ShutdownAsync(bool wait = true, bool cancelPending = false) => inner.ShutdownAsync(wait, cancelPending);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private T Keep<T>(T task)
        where T : Task
    {
        _submitted.Enqueue(task);
        return task;
    }
}
