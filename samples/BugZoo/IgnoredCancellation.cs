using Concurrency;
using Concurrency.Testing;

namespace BugZoo;

/// <summary>A cancellation that never reaches the work: the client gave up, and the email is sent anyway.</summary>
public sealed class IgnoredCancellation : ZooBug
{
    public override string Name => "ignored-cancellation";

    public override string Summary => "the request is canceled but its work never hears of it and sends the email anyway";

    public override async Task RunAsync(BackendRun run, bool fixedVersion)
    {
        var mailer = new Mailer(run);
        var executor = run.Backend.CreateExecutor(new ExecutorOptions { Name = "mail", MaxWorkers = 2 });
        using var aborted = new CancellationTokenSource();
        var request = HandleAsync(executor, mailer, fixedVersion, aborted.Token);

        // The client disconnects after a moment the plan draws.
        await run.CallAsync("client");
        aborted.Cancel();
        try
        {
            await request;
        }
        catch (OperationCanceledException)
        {
            // The request reports its cancellation: the work must stop with it.
        }

        await executor.ShutdownAsync();
        if (mailer.SentAfterCancel)
        {
            throw new BugFoundException("The email went out after the request was canceled: the token never reached the work.");
        }
    }

    private static Task HandleAsync(IExecutor executor, Mailer mailer, bool fixedVersion, CancellationToken requestAborted) =>
        fixedVersion
            // The fix: the token goes with the submission and into every call the work makes.
            ? executor.Submit(token => mailer.SendAsync(token, requestAborted), requestAborted)
            // The bug: the submission and the work never see the request's token.
            : executor.Submit(() => mailer.SendAsync(CancellationToken.None, requestAborted));

    private sealed class Mailer(BackendRun run)
    {
        public bool SentAfterCancel { get; private set; }

        public async Task SendAsync(CancellationToken cancellationToken, CancellationToken requestAborted)
        {
            await run.CallAsync("render", cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            if (requestAborted.IsCancellationRequested)
            {
                SentAfterCancel = true;
            }
        }
    }
}
