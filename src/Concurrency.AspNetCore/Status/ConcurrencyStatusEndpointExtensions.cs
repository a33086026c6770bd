using Concurrency.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Concurrency.AspNetCore;

/// <summary>Maps the JSON status of the host's pools.</summary>
public static class ConcurrencyStatusEndpointExtensions
{
    /// <summary>The path <see cref="MapConcurrencyStatus"/> uses when none is given.</summary>
    public const string DefaultPattern = "/concurrency/status";

    /// <summary>
    /// Maps a GET endpoint answering <see cref="ConcurrencyStatus"/> as JSON: the backend and why, every pool with its
    /// state and statistics (the loop's offload pool included), the loop, and scatter-gather's counts.
    /// </summary>
    /// <param name="endpoints">The application's routes.</param>
    /// <param name="pattern">The path.</param>
    /// <returns>The endpoint, to add authorization or other conventions to.</returns>
    public static RouteHandlerBuilder MapConcurrencyStatus(this IEndpointRouteBuilder endpoints, string pattern = DefaultPattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapGet(pattern, static (ConcurrencyHost host) => Results.Json(ConcurrencyStatus.Of(host)));
    }
}
