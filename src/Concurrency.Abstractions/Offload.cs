using Concurrency.Core;

namespace Concurrency;

/// <summary>
/// Runs a blocking call (a synchronous database driver, file I/O) without freezing a cooperative loop. Write it once:
/// on a cooperative loop the call goes to the loop's bounded pool of native threads and the caller resumes on the
/// loop; on a native thread (the threaded backend) blocking is harmless, so the call runs right there.
/// </summary>
public static class Offload
{
    /// <summary>Runs a blocking call that returns a result.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="blocking">The blocking call; it receives <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels the call while it waits for an offload thread; handed to the call.</param>
    /// <returns>A Task with the call's result or exception.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="blocking"/> is null.</exception>
    public static Task<TResult> RunAsync<TResult>(Func<CancellationToken, TResult> blocking, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blocking);
        AwaitableResultGuard<TResult>.ThrowIfAwaitable("Offload.RunAsync", "an await of the asynchronous call itself");
        if (SynchronizationContext.Current is IOffloadingContext loop)
        {
            return loop.OffloadAsync(blocking, cancellationToken);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TResult>(cancellationToken);
        }

        try
        {
            return Task.FromResult(blocking(cancellationToken));
        }
        catch (OperationCanceledException canceled) when (canceled.CancellationToken == cancellationToken && cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TResult>(cancellationToken);
        }
        catch (Exception error)
        {
            return Task.FromException<TResult>(error);
        }
    }

    /// <summary>Runs a blocking call that returns nothing.</summary>
    /// <param name="blocking">The blocking call; it receives <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels the call while it waits for an offload thread; handed to the call.</param>
    /// <returns>A Task that completes when the call has returned or failed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="blocking"/> is null.</exception>
    public static Task RunAsync(Action<CancellationToken> blocking, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blocking);
        return RunAsync<VoidResult>(ct => { blocking(ct); return default; }, cancellationToken);
    }
}
