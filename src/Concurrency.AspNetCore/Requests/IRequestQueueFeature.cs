namespace Concurrency.AspNetCore;

/// <summary>How long a request waited for a worker of the pool its handler ran on.</summary>
public interface IRequestQueueFeature
{
    /// <summary>The pool the handler ran on.</summary>
    string Pool { get; }

    /// <summary>From the request's submission to its handler's start: zero while the pool had a free worker.</summary>
    TimeSpan QueueWait { get; }
}
