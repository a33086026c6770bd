using Microsoft.AspNetCore.Http;

namespace Concurrency.AspNetCore;

/// <summary>Runs an endpoint's handler (and the filters after this one) through a named pool.</summary>
internal sealed class ExecutorEndpointFilter(RequestRunner runner) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var handled = runner.TryRun(context.HttpContext, (context, next), static request => request.next(request.context).AsTask());
        return handled is null ? Refusal.Result(context.HttpContext, runner.Pool) : await handled.ConfigureAwait(false);
    }
}
