using Microsoft.AspNetCore.Http;

namespace Concurrency.AspNetCore;

/// <summary>The 503 a refused request gets: a problem response naming the pool and why it refused.</summary>
internal static class Refusal
{
    public static IResult Result(HttpContext context, string pool) => Results.Problem(
        detail: context.Items[RequestRunner.RefusalKey] as string,
        statusCode: StatusCodes.Status503ServiceUnavailable,
        title: $"The {pool} pool refused the request; retry after the time in Retry-After");
}
