using Microsoft.Extensions.Logging;

namespace Concurrency;

public sealed partial class CooperativeLoop
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information,
            Message = "Cooperative loop {Loop} runs in shuffle mode with seed {Seed}; set CooperativeLoopOptions.ShuffleSeed = {Seed} to reproduce this order")]
        public static partial void ShuffleMode(ILogger logger, string loop, int seed);

        [LoggerMessage(EventId = 2, Level = LogLevel.Error,
            Message = "Unhandled exception on cooperative loop {Loop} in {Work}; the loop keeps running")]
        public static partial void UnhandledException(ILogger logger, Exception error, string loop, string work);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
            Message = "{Work} was posted to cooperative loop {Loop} after it stopped; it runs on the .NET thread pool instead of being dropped")]
        public static partial void LateCallback(ILogger logger, string loop, string work);

        [LoggerMessage(EventId = 4, Level = LogLevel.Warning,
            Message = "{Work} kept cooperative loop {Loop} from its other tasks for {DurationMs:0.0} ms (threshold {ThresholdMs:0.0} ms): {Cause}")]
        public static partial void SlowSlice(ILogger logger, string loop, string work, double durationMs, double thresholdMs, string cause);

        [LoggerMessage(EventId = 5, Level = LogLevel.Warning,
            Message = "{Work} has held cooperative loop {Loop} for {DurationMs:0.0} ms and is still running (threshold {ThresholdMs:0.0} ms); nothing is waiting behind it{Cause}")]
        public static partial void StuckSlice(ILogger logger, string loop, string work, double durationMs, double thresholdMs, string cause);

        [LoggerMessage(EventId = 6, Level = LogLevel.Error,
            Message = "{Work} has held cooperative loop {Loop} for {DurationMs:0.0} ms and is still running while {Ready} ready item(s) wait behind it. If it is blocked waiting (Task.Wait, .Result, GetAwaiter().GetResult()) for work that needs this loop, it will never finish: a sync-over-async deadlock. Await instead, or offload the blocking call")]
        public static partial void PossibleDeadlock(ILogger logger, string loop, string work, double durationMs, int ready);

        [LoggerMessage(EventId = 7, Level = LogLevel.Warning,
            Message = "{Work} released cooperative loop {Loop} after {DurationMs:0.0} ms{Cause}")]
        public static partial void StuckSliceEnded(ILogger logger, string loop, string work, double durationMs, string cause);

        [LoggerMessage(EventId = 8, Level = LogLevel.Warning,
            Message = "Cooperative loop {Loop} is saturated: it ran slices {BusyPercent:0}% of the last {WindowSeconds:0} s while {Ready} ready item(s) waited, though no single slice need cross the {ThresholdMs:0} ms threshold. Offload blocking calls (Offload.RunAsync), or move CPU-heavy work to threads")]
        public static partial void Saturated(ILogger logger, string loop, double busyPercent, double windowSeconds, int ready, double thresholdMs);

        [LoggerMessage(EventId = 9, Level = LogLevel.Information,
            Message = "Cooperative loop {Loop} asked the OS scheduler for a {SliceMs} ms slice for its thread: {Outcome}")]
        public static partial void LoopSlice(ILogger logger, string loop, double sliceMs, string outcome);

        [LoggerMessage(EventId = 10, Level = LogLevel.Information,
            Message = "The offload threads of cooperative loop {Loop} asked the OS scheduler for a {SliceMs} ms slice each: {Outcome}")]
        public static partial void OffloadSlice(ILogger logger, string loop, double sliceMs, string outcome);
    }
}
