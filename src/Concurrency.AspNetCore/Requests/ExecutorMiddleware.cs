using Microsoft.AspNetCore.Http;

namespace Concurrency.AspNetCore;

/// <summary>Runs the rest of the pipeline, response writing included, through a named pool.</summary>
internal sealed class ExecutorMiddleware(RequestDelegate next, RequestRunner runner)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var handled = runner.TryRun(context, (next, context), static async request =>
        {
            await request.next(request.context).ConfigureAwait(false);
            return true;
        });
        if (handled is null)
        {
            await Refusal.Result(context, runner.Pool).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await handled.ConfigureAwait(false);
    }
}
