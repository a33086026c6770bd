using Concurrency.Tests.Infrastructure;
using Concurrency.Tests.Infrastructure.Backends;
using FsCheck;
using FsCheck.Fluent;

namespace Concurrency.Tests.Reliability;

/// <summary>
/// A model-based check with FsCheck: random sequences of operations on a pool of 2 workers and a backlog of 3, and
/// after every operation the executor's pool state and statistics must equal a simple model's.
/// </summary>
public abstract class ExecutorModelTests(Func<BackendUnderTest> backend)
{
    public enum Operation
    {
        Hold,
        Quick,
        ReleaseOldest,
        CancelNewestQueued,
    }

    [Fact]
    public void RandomOperations_AfterEachOne_PoolStateAndStatisticsMatchTheModel()
    {
        var operations = Gen.Elements(Enum.GetValues<Operation>()).ListOf().Select(list => list.ToArray());
        var property = Prop.ForAll(Arb.From(operations), (Operation[] sequence) => Scenario.Run(backend(), sequence));

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(60), property);
    }

    private sealed class Scenario
    {
        private const int Workers = 2;
        private const int Backlog = 3;
        private readonly IExecutor _executor;
        private readonly List<(TaskCompletionSource Gate, Task Task)> _running = [];
        private readonly List<(TaskCompletionSource? Gate, Task Task, CancellationTokenSource Cancel)> _queue = [];
        private long _executed;
        private long _canceled;
        private long _rejected;

        private Scenario(IExecutor executor) => _executor = executor;

        public static bool Run(BackendUnderTest backend, Operation[] sequence) => RunAsync(backend, sequence).GetAwaiter().GetResult();

        private static async Task<bool> RunAsync(BackendUnderTest backend, Operation[] sequence)
        {
            var scenario = new Scenario(backend.Create(new ExecutorOptions { Name = "model", MaxWorkers = Workers, MaxBacklog = Backlog }));
            try
            {
                foreach (var operation in sequence)
                {
                    await scenario.ApplyAsync(operation);
                    scenario.AssertMatchesModel(operation);
                }

                return true;
            }
            finally
            {
                await scenario.DrainAsync();
                await backend.StopAsync();
            }
        }

        private async Task ApplyAsync(Operation operation)
        {
            switch (operation)
            {
                case Operation.Hold:
                case Operation.Quick:
                    await SubmitAsync(operation == Operation.Hold);
                    break;
                case Operation.ReleaseOldest when _running.Count > 0:
                    var (gate, task) = _running[0];
                    _running.RemoveAt(0);
                    gate.SetResult();
                    await task.Within();
                    _executed++;
                    await StartQueuedAsync();
                    break;
                case Operation.CancelNewestQueued when _queue.Count > 0:
                    var newest = _queue[^1];
                    _queue.RemoveAt(_queue.Count - 1);
                    await newest.Cancel.CancelAsync();
                    await FluentActions.Awaiting(() => newest.Task.Within()).Should().ThrowAsync<OperationCanceledException>();
                    _canceled++;
                    break;
            }
        }

        private async Task SubmitAsync(bool hold)
        {
            var gate = hold ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null;
            var cancel = new CancellationTokenSource();
            Task task;
            try
            {
                task = gate is null ? _executor.Submit(_ => 1, cancel.Token) : _executor.Submit(_ => gate.Task, cancel.Token);
            }
            catch (RejectedExecutionException)
            {
                (_running.Count + _queue.Count).Should().Be(Workers + Backlog, "only a full pool rejects");
                _rejected++;
                return;
            }

            if (_running.Count < Workers && _queue.Count == 0)
            {
                await StartAsync(gate, task);
            }
            else
            {
                _queue.Add((gate, task, cancel));
            }
        }

        // Queued work starts in FIFO order as slots free up; quick work ends at once and frees its slot again.
        private async Task StartQueuedAsync()
        {
            while (_running.Count < Workers && _queue.Count > 0)
            {
                var (gate, task, _) = _queue[0];
                _queue.RemoveAt(0);
                await StartAsync(gate, task);
            }
        }

        private async Task StartAsync(TaskCompletionSource? gate, Task task)
        {
            if (gate is null)
            {
                await task.Within();
                _executed++;
                await StartQueuedAsync();
            }
            else
            {
                _running.Add((gate, task));
            }
        }

        private void AssertMatchesModel(Operation after)
        {
            var state = _executor.GetPoolState();
            var statistics = _executor.GetStatistics();
            (state.BusyWorkers, state.Queued).Should().Be((_running.Count, _queue.Count), $"pool state after {after}");
            (statistics.Executed, statistics.Canceled, statistics.Rejected).Should().Be((_executed, _canceled, _rejected), $"statistics after {after}");
        }

        private async Task DrainAsync()
        {
            _running.ForEach(entry => entry.Gate.TrySetResult());
            _queue.ForEach(entry => entry.Gate?.TrySetResult());
            await _executor.ShutdownAsync().Within();
        }
    }
}

public sealed class ThreadedExecutorModelTests() : ExecutorModelTests(() => new ThreadedUnderTest());

public sealed class DotNetPoolExecutorModelTests() : ExecutorModelTests(() => new DotNetPoolUnderTest());

public sealed class CooperativeExecutorModelTests() : ExecutorModelTests(() => new CooperativeUnderTest("model-loop"));
