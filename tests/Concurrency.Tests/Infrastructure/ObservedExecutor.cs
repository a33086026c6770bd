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

    public ExecutorStatistics GetStatistics() => inner.GetStatistics();

    public PoolState GetPoolState() => inner.GetPoolState();

    public Task<TResult> Submit<TState, TResult>(Func<TState, CancellationToken, TResult> work, TState state, SubmitOptions options = default) =>
        Keep(inner.Submit(work, state, options));

    public Task<TResult> Submit<TState, TResult>(Func<TState, CancellationToken, Task<TResult>> work, TState state, SubmitOptions options = default) =>
        Keep(inner.Submit(work, state, options));

    public bool TrySubmit<TState, TResult>(Func<TState, CancellationToken, TResult> work, TState state, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Task<TResult>? task, SubmitOptions options = default)
    {
        bool accepted = inner.TrySubmit(work, state, out task, options);
        if (accepted)
        {
            Keep(task!);
        }

        return accepted;
    }

    public bool TrySubmit<TState, TResult>(Func<TState, CancellationToken, Task<TResult>> work, TState state, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Task<TResult>? task, SubmitOptions options = default)
    {
        bool accepted = inner.TrySubmit(work, state, out task, options);
        if (accepted)
        {
            Keep(task!);
        }

        return accepted;
    }

    public Task Completion => inner.Completion;

    public Task ShutdownAsync(ShutdownMode mode = ShutdownMode.Drain, CancellationToken cancellationToken = default) => inner.ShutdownAsync(mode, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private T Keep<T>(T task)
        where T : Task
    {
        _submitted.Enqueue(task);
        return task;
    }
}
