using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace Concurrency;

/// <summary>Settings of a <see cref="DotNetPoolWatchdog"/>.</summary>
public sealed class DotNetPoolWatchdogOptions
{
    /// <summary>The default <see cref="Threshold"/>: half a second, long past any delay of a pool that keeps up.</summary>
    public static readonly TimeSpan DefaultThreshold = TimeSpan.FromMilliseconds(500);

    /// <summary>A work item that waits longer than this before it runs is reported. At least 1 ms.</summary>
    public TimeSpan Threshold { get; set; } = DefaultThreshold;

    /// <summary>Where the warnings go; null reports nothing but the numbers and the metric.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>The clock of the probes (tests inject a manual one).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The application's meter factory for <c>concurrency.dotnet_pool.queue_delay</c>; null creates a standalone meter.</summary>
    public IMeterFactory? MeterFactory { get; set; }

    /// <summary>The setting a warning tells the operator to raise, e.g. <c>Concurrency:DotNetPoolMinThreads</c>.</summary>
    public string MinThreadsSetting { get; set; } = "ThreadPool.SetMinThreads";
}
