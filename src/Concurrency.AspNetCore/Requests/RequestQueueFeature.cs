namespace Concurrency.AspNetCore;

/// <summary>The request's queue wait, set when its handler starts.</summary>
internal sealed record RequestQueueFeature(string Pool, TimeSpan QueueWait) : IRequestQueueFeature;
