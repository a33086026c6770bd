namespace Concurrency.Testing;

public abstract partial class ExecutorContractTests
{
    private static readonly AsyncLocal<string?> s_requestId = new();

    [Fact]
    public async Task Submit_CallerHasAmbientState_FlowsInAndWorkChangesDoNotLeakBack()
    {
        var executor = Create();
        s_requestId.Value = "req-1";

        string? seen = await executor.Submit(_ =>
        {
            string? value = s_requestId.Value;
            s_requestId.Value = "changed-by-work";
            return value;
        }).Within();

        seen.Should().Be("req-1");
        s_requestId.Value.Should().Be("req-1");
    }

    [Fact]
    public async Task SubmitAsync_CallerHasAmbientState_FlowsAcrossAwaits()
    {
        var executor = Create();
        var gate = NewGate();
        s_requestId.Value = "req-2";

        Task<string?> task = executor.Submit<string?>(async _ =>
        {
            await gate.Task;
            return s_requestId.Value;
        });
        s_requestId.Value = "after-submit";
        gate.SetResult();

        (await task.Within()).Should().Be("req-2");
    }
}
