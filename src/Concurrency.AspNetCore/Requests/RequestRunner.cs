using System.Globalization;
using Concurrency.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Concurrency.AspNetCore;

/// <summary>
/// Runs a request's handling through a named pool, keyed when a key is chosen for it (on a loop group, one key's
/// requests run on one loop): queued requests are canceled when the client goes away, the wait for a worker is
/// recorded, and a pool that refuses the request answers 503 with <c>Retry-After</c>.
/// </summary>
internal sealed class RequestRunner(string pool, TimeSpan retryAfter, Func<HttpContext, string?>? key)
{
    public string Pool => pool;

    /// <summary>Runs <paramref name="handle"/> on the pool; null when the pool refused the request and 503 was set.</summary>
    public Task<TResult>? TryRun<TState, TResult>(HttpContext context, TState state, Func<TState, Task<TResult>> handle)
    {
        var services = context.RequestServices;
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        long submitted = time.GetTimestamp();
        try
        {
            return services.GetRequiredService<ConcurrencyHost>().Pools.Get(pool).Submit(
                static (request, _) =>
                {
                    var waited = request.time.GetElapsedTime(request.submitted);
                    request.context.Features.Set<IRequestQueueFeature>(new RequestQueueFeature(request.pool, waited));
                    request.context.Response.Headers.Append("Server-Timing", string.Create(CultureInfo.InvariantCulture, $"queue;dur={waited.TotalMilliseconds:0.###}"));
                    return request.handle(request.state);
                },
                (context, state, handle, time, submitted, pool),
                new SubmitOptions(TimeSpan.Zero, context.RequestAborted) { Key = key?.Invoke(context) });
        }
        catch (SubmissionRefusedException refused)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            context.Items[RefusalKey] = refused.Message;
            return null;
        }
    }

    /// <summary>Where the refusal's reason is kept for the 503 body.</summary>
    public const string RefusalKey = "Concurrency.Refusal";
}
