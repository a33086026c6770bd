using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Concurrency.AspNetCore;

/// <summary>Runs request handlers on the process's backend, through a named pool of <c>AddConcurrency</c>.</summary>
public static class ExecutorRequestExtensions
{
    /// <summary>The <c>Retry-After</c> a refused request gets when none is given: 1 second.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Runs the handlers of these endpoints (a route group, or one endpoint) through <paramref name="pool"/>: on the
    /// cooperative backend on the loop, one at a time with the single-thread guarantee; on the threaded backend on
    /// the pool's threads. A queued request is canceled when its client goes away; a refused one (backlog full, or
    /// pools shut down) answers 503 with <c>Retry-After</c>; the wait for a worker is in <see cref="IRequestQueueFeature"/>
    /// and the <c>Server-Timing</c> header.
    /// </summary>
    /// <typeparam name="TBuilder">The endpoint or group builder.</typeparam>
    /// <param name="builder">The endpoints.</param>
    /// <param name="pool">A pool name of <c>ExecutorPools</c>, such as <c>default</c>.</param>
    /// <param name="retryAfter">What a refused request is told to wait; null for <see cref="DefaultRetryAfter"/>.</param>
    /// <param name="key">
    /// Chooses the request's key (a tenant, an entity id from the route), or null: on a group of cooperative loops
    /// (<c>Concurrency:LoopCount</c>) every request of one key runs on the same loop, in arrival order.
    /// </param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentException">The pool name or the wait is not accepted.</exception>
    public static TBuilder RunOnExecutor<TBuilder>(this TBuilder builder, string pool = PoolNames.Default, TimeSpan? retryAfter = null, Func<HttpContext, string?>? key = null)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var runner = Runner(pool, retryAfter, key);
        return builder.AddEndpointFilter(new ExecutorEndpointFilter(runner));
    }

    /// <summary>
    /// Runs the rest of the pipeline, response writing included, through <paramref name="pool"/>, as
    /// <see cref="RunOnExecutor"/> does for endpoints.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <param name="pool">A pool name of <c>ExecutorPools</c>, such as <c>default</c>.</param>
    /// <param name="retryAfter">What a refused request is told to wait; null for <see cref="DefaultRetryAfter"/>.</param>
    /// <param name="key">Chooses the request's key, or null, as for <see cref="RunOnExecutor"/>.</param>
    /// <returns><paramref name="app"/>.</returns>
    /// <exception cref="ArgumentException">The pool name or the wait is not accepted.</exception>
    public static IApplicationBuilder UseExecutor(this IApplicationBuilder app, string pool = PoolNames.Default, TimeSpan? retryAfter = null, Func<HttpContext, string?>? key = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseMiddleware<ExecutorMiddleware>(Runner(pool, retryAfter, key));
    }

    private static RequestRunner Runner(string pool, TimeSpan? retryAfter, Func<HttpContext, string?>? key)
    {
        ArgumentNullException.ThrowIfNull(pool);
        if (!Core.NameRules.IsPoolName(pool))
        {
            throw new ArgumentException(
                $"Pool name {Core.NameRules.Show(pool)} is not accepted: use {Core.NameRules.PoolNameRule}, such as 'default'.", nameof(pool));
        }

        var wait = retryAfter ?? DefaultRetryAfter;
        if (wait < TimeSpan.FromSeconds(1) || wait > TimeSpan.FromDays(1))
        {
            throw new ArgumentException($"Retry-After {wait} is not accepted: use 1 second to 1 day (the header counts whole seconds).", nameof(retryAfter));
        }

        return new RequestRunner(pool, wait, key);
    }
}
