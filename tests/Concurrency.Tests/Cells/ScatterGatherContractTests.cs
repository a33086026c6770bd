using Concurrency.Tests.Infrastructure;
using Concurrency.Tests.Infrastructure.Backends;
using Concurrency.Tests.Infrastructure.Databases;
using Microsoft.Extensions.Logging;
using Concurrency.Cells;
using Concurrency.Testing;

namespace Concurrency.Tests.Cells;

/// <summary>
/// Scatter-gather behaviours that hold on every backend, over real SQLite cell databases. Subclassed per backend.
/// The timeout runs on a manual clock; running cells are held with gates.
/// </summary>
public abstract partial class ScatterGatherContractTests : IAsyncLifetime
{
    private readonly List<IExecutor> _executors = [];
    private readonly ILoggerFactory _loggerFactory;

    protected ScatterGatherContractTests(BackendUnderTest backend)
    {
        _backend = backend;
        _loggerFactory = RecordingLoggerProvider.CreateFactory(out var provider);
        Logs = provider;
    }

    /// <summary>The scatter-gather timeout's clock only; executors keep their own, so its timers are the call's.</summary>
    protected ManualTimeProvider Clock { get; } = new();

    private ManualTimeProvider ExecutorClock { get; } = new();

    protected RecordingLoggerProvider Logs { get; }

    protected SqliteCells Databases { get; } = new();

    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly BackendUnderTest _backend;


    protected IExecutor Executor(int maxWorkers = 8)
    {
        var executor = _backend.Create(new ExecutorOptions { Name = "cells", MaxWorkers = maxWorkers, TimeProvider = ExecutorClock });
        _executors.Add(executor);
        return executor;
    }

    protected ScatterGatherOptions Options(IExecutor executor, bool offload = false) => new()
    {
        Executor = executor,
        Timeout = Timeout,
        TimeProvider = Clock,
        Logger = _loggerFactory.CreateLogger("scatter-gather"),
        OffloadBlockingQueries = offload,
    };

    protected Cell[] ThreeCells() =>
    [
        Databases.Create("c3", "host-3a", "host-3b"),
        Databases.Create("c1", "host-1a"),
        Databases.Create("c2", "host-2a", "host-2b", "host-2c"),
    ];

    protected static TaskCompletionSource NewGate() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected static Task<List<string>> ListHostsAsync(CellContext context) =>
        context.QueryAsync((connection, ct) => HostQueries.ReadHostsAsync(connection, ct));

    protected static List<string> ListHosts(CellContext context) => context.Query((connection, _) => HostQueries.ReadHosts(connection));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var executor in _executors)
        {
            await executor.ShutdownAsync(ShutdownMode.CancelQueued).Within();
        }

        await _backend.StopAsync();
        _loggerFactory.Dispose();
        Databases.Dispose();
    }
}
