namespace Concurrency;

/// <summary>
/// An executor a backend runs for its own purposes, such as the cooperative loop's offload pool: not created through
/// named pools, yet reported with them (pool report, status, metrics).
/// </summary>
/// <param name="Pool">The name it is reported under, such as <see cref="PoolNames.Offload"/>.</param>
/// <param name="ExecutorType">The type name operators see in pool state lines.</param>
/// <param name="Executor">The executor; the backend owns it.</param>
public sealed record BackendPool(string Pool, string ExecutorType, IExecutor Executor);
