namespace Concurrency.Core;

/// <summary>Implemented by a cooperative loop's SynchronizationContext, so <see cref="Offload"/> can find the loop's pool.</summary>
internal interface IOffloadingContext
{
    Task<TResult> OffloadAsync<TResult>(Func<CancellationToken, TResult> blocking, CancellationToken cancellationToken);
}
