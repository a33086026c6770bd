using System.Runtime.ExceptionServices;
using Concurrency.Core;

namespace Concurrency;

/// <summary>
/// The loop's SynchronizationContext: Post queues on the loop; Send runs inline on the loop thread and otherwise
/// queues and waits. It is also how <see cref="Offload"/> finds the loop's offload pool.
/// </summary>
internal sealed class LoopSynchronizationContext(CooperativeLoop loop) : SynchronizationContext, IOffloadingContext
{
    private int _operations;

    public CooperativeLoop Loop { get; } = loop;

    /// <summary>Outstanding <c>async void</c> operations started on the loop.</summary>
    public int Operations => Volatile.Read(ref _operations);

    public override void Post(SendOrPostCallback d, object? state)
    {
        ArgumentNullException.ThrowIfNull(d);
        Loop.Post(d, state);
    }

    public override void Send(SendOrPostCallback d, object? state)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (Loop.IsOnLoopThread)
        {
            d(state);
            return;
        }

        ExceptionDispatchInfo? failure = null;
        using var done = new ManualResetEventSlim();
        Loop.Post(
            new SendOrPostCallback(_ =>
            {
                try
                {
                    d(state);
                }
                catch (Exception error)
                {
                    failure = ExceptionDispatchInfo.Capture(error);
                }
                finally
                {
                    done.Set();
                }
            }),
            null);
        done.Wait();
        failure?.Throw();
    }

    public override void OperationStarted() => Interlocked.Increment(ref _operations);

    public override void OperationCompleted() => Interlocked.Decrement(ref _operations);

    public override SynchronizationContext CreateCopy() => this;

    public Task<TResult> OffloadAsync<TResult>(Func<CancellationToken, TResult> blocking, CancellationToken cancellationToken) =>
        Loop.OffloadExecutor.Submit(blocking, cancellationToken);
}
