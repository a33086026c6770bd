namespace Concurrency.Testing;

/// <summary>
/// The behaviours every executor must have, whatever its backend. Subclassed once per executor (the Channels
/// ChannelTestBase pattern). Coordination is by TaskCompletionSource and a manual clock, never by sleeping.
/// </summary>
public abstract partial class ExecutorContractTests : IAsyncLifetime
{
    private readonly List<IExecutor> _created = [];

    protected ManualTimeProvider Clock { get; } = new();

    protected abstract string ExpectedBackend { get; }

    protected abstract IExecutor CreateExecutor(ExecutorOptions options);

    protected IExecutor Create(int? maxWorkers = null, int? maxBacklog = null, string? name = null)
    {
        var executor = CreateExecutor(new ExecutorOptions
        {
            Name = name,
            MaxWorkers = maxWorkers,
            MaxBacklog = maxBacklog,
            TimeProvider = Clock,
        });
        lock (_created)
        {
            _created.Add(executor);
        }

        return executor;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var executor in _created)
        {
            await executor.ShutdownAsync(ShutdownMode.CancelQueued).Within();
        }

        await DisposeBackendAsync();
    }

    /// <summary>Releases what the subclass created for its executors (a loop, say).</summary>
    protected virtual Task DisposeBackendAsync() => Task.CompletedTask;

    protected static TaskCompletionSource NewGate() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
