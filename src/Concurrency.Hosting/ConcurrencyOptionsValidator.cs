using System.Globalization;
using Concurrency.Core;
using Microsoft.Extensions.Options;

namespace Concurrency.Hosting;

/// <summary>Checks the bound section at start, naming each bad key and value and what is accepted.</summary>
internal sealed class ConcurrencyOptionsValidator : IValidateOptions<ConcurrencyOptions>
{
    private const string Section = ConcurrencyOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, ConcurrencyOptions options)
    {
        var failures = new List<string>();
        if (BackendChooser.Normalize(options.Backend) is null)
        {
            failures.Add($"{Section}:Backend '{options.Backend}' is not accepted: use auto, cooperative or threaded.");
        }

        if (options.ParsedThreads is null)
        {
            failures.Add($"{Section}:Threads {NameRules.Show(options.Threads)} is not accepted: use {nameof(ExecutorThreads.Dedicated)} or {nameof(ExecutorThreads.DotNetPool)}.");
        }

        if (options.ProcessName is { } process && !NameRules.IsDisplayName(process))
        {
            failures.Add($"{Section}:ProcessName {NameRules.Show(process)} is not accepted: use {NameRules.DisplayNameRule}, or leave it out.");
        }

        foreach (var (backend, pools) in options.Pools)
        {
            if (BackendChooser.Normalize(backend) is null or "auto")
            {
                failures.Add($"{Section}:Pools:{NameRules.Show(backend)} is not accepted: pool sizes are per backend, use {Section}:Pools:cooperative:<pool> or {Section}:Pools:threaded:<pool>.");
                continue;
            }

            foreach (var (pool, size) in pools)
            {
                if (!NameRules.IsPoolName(pool))
                {
                    failures.Add($"{Section}:Pools:{backend}:{NameRules.Show(pool)} is not accepted as a pool name: use {NameRules.PoolNameRule}.");
                }

                if (size is < 1 or > ExecutorOptions.MaxWorkersLimit)
                {
                    failures.Add($"{Section}:Pools:{backend}:{pool} = {size} is not accepted: use 1 to {ExecutorOptions.MaxWorkersLimit}.");
                }
            }
        }

        if (options.LoopCount is < 0 or > 1024)
        {
            failures.Add($"{Section}:LoopCount {options.LoopCount} is not accepted: use 1 to 1024 loops, 0 for one per processor, or leave it out for one loop.");
        }

        if (options.OffloadWorkers is < 1 or > ExecutorOptions.MaxWorkersLimit)
        {
            failures.Add($"{Section}:OffloadWorkers {options.OffloadWorkers} is not accepted: use 1 to {ExecutorOptions.MaxWorkersLimit}, or leave it out for {CooperativeLoopOptions.DefaultOffloadWorkers}.");
        }

        if (options.ScatterGatherTimeoutSeconds is { } timeout
            && (double.IsNaN(timeout) || timeout <= 0 || TimeSpan.FromSeconds(Math.Min(timeout, TimeSpan.MaxValue.TotalSeconds - 1)) > Cells.ScatterGatherOptions.MaxTimeout))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Section}:ScatterGatherTimeoutSeconds {timeout} is not accepted: use a positive number of seconds up to {Cells.ScatterGatherOptions.MaxTimeout.TotalSeconds:0} (about 49.7 days), or leave it out for 60."));
        }

        if (options.StatisticsPeriod is not -1 and < 0 || double.IsNaN(options.StatisticsPeriod) || double.IsInfinity(options.StatisticsPeriod))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Section}:StatisticsPeriod {options.StatisticsPeriod} is not accepted: use -1 (off), 0 (every submission) or a positive number of seconds."));
        }

        if (options.SlowSliceThresholdMilliseconds is not -1 and < 1)
        {
            failures.Add($"{Section}:SlowSliceThresholdMilliseconds {options.SlowSliceThresholdMilliseconds} is not accepted: use -1 (off) or 1 or more.");
        }

        foreach (var (key, milliseconds) in new[]
        {
            (nameof(ConcurrencyOptions.LoopSchedulerSliceMilliseconds), options.LoopSchedulerSliceMilliseconds),
            (nameof(ConcurrencyOptions.OffloadSchedulerSliceMilliseconds), options.OffloadSchedulerSliceMilliseconds),
        })
        {
            if (milliseconds is not (-1 or (>= 0.1 and <= 100)))
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{Section}:{key} {milliseconds} is not accepted: use 0.1 to 100 (the range Linux takes), or -1 to leave the OS's slice."));
            }
        }

        if (options.DotNetPoolMinThreads is < 1 or > ExecutorOptions.MaxWorkersLimit)
        {
            failures.Add($"{Section}:DotNetPoolMinThreads {options.DotNetPoolMinThreads} is not accepted: use 1 to {ExecutorOptions.MaxWorkersLimit}, or leave it out to keep the runtime's minimum.");
        }

        if (options.DotNetPoolDelayThresholdMilliseconds is not -1 and (< 1 or > 86_400_000))
        {
            failures.Add($"{Section}:DotNetPoolDelayThresholdMilliseconds {options.DotNetPoolDelayThresholdMilliseconds} is not accepted: use -1 (off) or 1 to 86400000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
