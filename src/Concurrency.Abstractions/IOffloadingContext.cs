namespace Concurrency;

/// <summary>
/// A <see cref="SynchronizationContext"/> that runs blocking calls on threads of its own and resumes on itself: how
/// <see cref="Offload.RunAsync{TResult}(Func{CancellationToken, TResult}, CancellationToken)"/> finds a cooperative
/// loop's offload pool. A loop of another backend implements it to make <see cref="Offload"/> work on it.
/// </summary>
public interface IOffloadingContext
{
    /// <summary>Runs a blocking call off the context's thread; the returned Task resumes on the context.</summary>
    /// <typeparam name="TResult">The call's result type.</typeparam>
    /// <param name="blocking">The blocking call; it receives <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels the call while it waits for a thread; handed to the call.</param>
    /// <returns>A Task with the call's result or exception.</returns>
    Task<TResult> OffloadAsync<TResult>(Func<CancellationToken, TResult> blocking, CancellationToken cancellationToken);
}
