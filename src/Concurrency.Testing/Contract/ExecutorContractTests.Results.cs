namespace Concurrency.Testing;

public abstract partial class ExecutorContractTests
{
    [Fact]
    public async Task Submit_WorkReturnsValue_TaskCompletesWithIt()
    {
        var executor = Create();

        int result = await executor.Submit(_ => 6 * 7).Within();

        result.Should().Be(42);
    }

    [Fact]
    public async Task Submit_WorkThrows_TaskFaultsWithThatException()
    {
        var executor = Create();
        var error = new InvalidOperationException("boom");

        Task<int> task = executor.Submit<int>(_ => throw error);
        Func<Task> awaiting = () => task.Within();

        (await awaiting.Should().ThrowAsync<InvalidOperationException>()).Which.Should().BeSameAs(error);
        task.IsFaulted.Should().BeTrue();
    }

    [Fact]
    public async Task Submit_StatePassingWork_ReceivesTheStateAndTheToken()
    {
        var executor = Create();
        using var source = new CancellationTokenSource();

        int synchronous = await executor.Submit(static (n, _) => n * 2, 21, new SubmitOptions(CancellationToken: source.Token)).Within();
        bool sawToken = await executor.Submit(static async (expected, ct) =>
        {
            await Task.Yield();
            return ct == expected;
        }, source.Token, new SubmitOptions(CancellationToken: source.Token)).Within();

        synchronous.Should().Be(42);
        sawToken.Should().BeTrue();
        executor.GetStatistics().Executed.Should().Be(2);
    }

    [Fact]
    public async Task Submit_ValueTaskWork_IsAsynchronousWorkAndHoldsItsWorkerUntilItEnds()
    {
        var executor = Create(maxWorkers: 2);
        var gate = NewGate();

        Task<int> withResult = executor.Submit(async ValueTask<int> (ct) =>
        {
            await gate.Task;
            return 7;
        });
        Task withoutResult = executor.Submit(() => new ValueTask(gate.Task));
        executor.GetPoolState().BusyWorkers.Should().Be(2, "each holds its worker until its ValueTask ends");
        gate.SetResult();

        (await withResult.Within()).Should().Be(7);
        await withoutResult.Within();
        executor.GetStatistics().Executed.Should().Be(2);
    }

    [Fact]
    public async Task Submit_ActionWork_RunsIt()
    {
        var executor = Create();
        int ran = 0;

        await executor.Submit(() => Interlocked.Increment(ref ran)).Within();
        await executor.Submit(_ => { Interlocked.Increment(ref ran); }).Within();

        ran.Should().Be(2);
    }

    [Fact]
    public async Task SubmitAsync_WorkReturnsValue_TaskCompletesWithIt()
    {
        var executor = Create();
        var gate = NewGate();

        Task<string> task = executor.Submit(async _ =>
        {
            await gate.Task;
            return "done";
        });
        gate.SetResult();

        (await task.Within()).Should().Be("done");
    }

    [Fact]
    public async Task SubmitAsync_WorkFaultsAfterAwait_TaskFaultsWithThatException()
    {
        var executor = Create();
        var gate = NewGate();

        Task task = executor.Submit(async () =>
        {
            await gate.Task;
            throw new FormatException("late");
        });
        gate.SetResult();
        Func<Task> awaiting = () => task.Within();

        await awaiting.Should().ThrowAsync<FormatException>().WithMessage("late");
    }

    [Fact]
    public async Task SubmitAsync_WorkReturnsNullTask_TaskFaultsWithClearMessage()
    {
        var executor = Create();

        Func<Task> awaiting = () => executor.Submit(_ => null!).Within();

        await awaiting.Should().ThrowAsync<InvalidOperationException>().WithMessage("*null Task*");
    }

    [Fact]
    public void Submit_NullWork_ThrowsArgumentNullException()
    {
        var executor = Create();

        FluentActions.Invoking(() => { executor.Submit((Action<CancellationToken>)null!); }).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => { executor.Submit((Func<CancellationToken, int>)null!); }).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => { executor.Submit((Func<CancellationToken, Task>)null!); }).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => { executor.Submit((Func<CancellationToken, Task<int>>)null!); }).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => { executor.Submit((Action)null!); }).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void Submit_GenericCallerForcesAwaitableResultThroughTheSynchronousForm_ThrowsArgumentExceptionNamingTheAsynchronousForm()
    {
        var executor = Create();

        FluentActions.Invoking(() => { executor.Submit<Func<CancellationToken, Task>, Task>(static (work, ct) => work(ct), _ => Task.CompletedTask); })
            .Should().Throw<ArgumentException>().WithMessage("*returns Task*Submit it as asynchronous work*");
        FluentActions.Invoking(() => { executor.Submit<int, ValueTask<int>>(static (n, _) => ValueTask.FromResult(n), 1); })
            .Should().Throw<ArgumentException>().WithMessage("*ValueTask*");
        executor.GetStatistics().Executed.Should().Be(0);
    }

    [Fact]
    public async Task Submit_ContinuationsOnEveryTask_RunWithExceptionVisibleOnFailedOnes()
    {
        var executor = Create();
        var seen = new System.Collections.Concurrent.ConcurrentBag<(int Index, bool Faulted)>();
        var continuations = new List<Task>();

        for (int i = 0; i < 10; i++)
        {
            int index = i;
            Task<int> task = executor.Submit(_ => index % 3 == 0 ? throw new InvalidOperationException($"{index}") : index);
            continuations.Add(task.ContinueWith(t => seen.Add((index, t.Exception?.InnerException is InvalidOperationException)), TaskScheduler.Default));
        }

        await Task.WhenAll(continuations).Within();

        seen.Should().HaveCount(10);
        seen.Where(s => s.Faulted).Select(s => s.Index).Should().BeEquivalentTo([0, 3, 6, 9]);
    }

    [Fact]
    public async Task Name_GivenOrGenerated_IsReportedWithBackend()
    {
        var named = Create(name: "scatter-gather");
        var unnamed = Create();

        named.Name.Should().Be("scatter-gather");
        unnamed.Name.Should().NotBeNullOrWhiteSpace();
        named.Backend.Should().Be(ExpectedBackend);
        await named.Submit(_ => 1).Within();
    }
}
