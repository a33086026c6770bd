namespace Concurrency;

/// <summary>
/// The names of the pools the library itself uses, so a backend can size them (<see cref="ExecutorBackend.GetDefaultPoolSize"/>)
/// and configuration can name them.
/// </summary>
public static class PoolNames
{
    /// <summary>The pool for general work.</summary>
    public const string Default = "default";

    /// <summary>The pool scatter-gather runs the cells' calls on unless given an executor.</summary>
    public const string ScatterGather = "scatter-gather";

    /// <summary>The cooperative loop's pool of native threads for blocking calls (<see cref="Offload"/>).</summary>
    public const string Offload = "offload";
}
