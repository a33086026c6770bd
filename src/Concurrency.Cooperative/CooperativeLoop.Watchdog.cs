namespace Concurrency;

public sealed partial class CooperativeLoop
{
    private readonly Watchdog _watchdog;

    /// <summary>Slices that held the loop longer than the slow-slice threshold, each counted once.</summary>
    public long SlowSlices => _watchdog.SlowSlices;

    /// <summary>
    /// How long the loop has spent running slices, in all: the time short blocking slices take from every other task
    /// even when none crosses the slow-slice threshold. Measured while the detector is on.
    /// </summary>
    public TimeSpan BusyTime => _watchdog.BusyTime;

    /// <summary>How long the loop must be busy, with work waiting, before it is reported as saturated.</summary>
    internal static readonly TimeSpan SaturationWindow = TimeSpan.FromSeconds(10);

    /// <summary>The share of a window the loop must have been busy for to be saturated.</summary>
    internal const double SaturatedShare = 0.9;

    /// <summary>
    /// Measures every slice. A slice that ends over the threshold is reported when it ends; one still running is
    /// reported by a timer, so a hung or deadlocked loop is never silent. A seqlock (odd while a slice runs) lets the
    /// timer read the running slice without locking the loop.
    /// </summary>
    private sealed class Watchdog : IDisposable
    {
        private readonly CooperativeLoop _loop;
        private readonly TimeProvider _time;
        private readonly long _thresholdTicks;
        private readonly ITimer? _timer;
        private long _sequence;
        private long _startedAt;
        private object? _target;
        private object? _state;
        private long _reportedSequence = -1;
        private long _slowSlices;
        private long _busyTicks;
        private readonly long _windowTicks;
        private long _windowStart;
        private long _windowBusy;
        private ThreadSchedStat? _schedStat;
        private ThreadSchedStat.Sample? _sample;

        public Watchdog(CooperativeLoop loop, TimeSpan threshold, TimeProvider time)
        {
            _loop = loop;
            _time = time;
            _windowTicks = (long)(SaturationWindow.TotalSeconds * time.TimestampFrequency);
            _windowStart = time.GetTimestamp();
            if (threshold != Timeout.InfiniteTimeSpan)
            {
                _thresholdTicks = Math.Max(1, (long)(threshold.TotalSeconds * time.TimestampFrequency));
                var checkEvery = Core.TimerLimits.CheckPeriod(threshold);
                _timer = time.CreateTimer(static state => ((Watchdog)state!).CheckRunningSlice(), this, checkEvery, checkEvery);
            }
        }

        public long SlowSlices => Interlocked.Read(ref _slowSlices);

        public TimeSpan BusyTime => _time.GetElapsedTime(0, Volatile.Read(ref _busyTicks));

        private bool Enabled => _thresholdTicks > 0;

        /// <summary>Called on the loop thread as it starts: its scheduler accounting tells a late loop's causes apart.</summary>
        public void OnLoopThreadStarted()
        {
            if (Enabled)
            {
                Volatile.Write(ref _schedStat, ThreadSchedStat.ForCurrentThread());
            }
        }

        /// <summary>Marks a slice as running; <paramref name="now"/> is the previous slice's end, or 0 to read the clock.</summary>
        public long SliceStarted(in LoopEntry entry, long now)
        {
            if (!Enabled)
            {
                return 0;
            }

            long started = now != 0 ? now : _time.GetTimestamp();
            Volatile.Write(ref _startedAt, started);
            Volatile.Write(ref _target, entry.Target);
            Volatile.Write(ref _state, entry.State);

            // Only the loop thread writes the sequence; a release write orders it after the fields above.
            Volatile.Write(ref _sequence, _sequence + 1);
            return started;
        }

        /// <summary>Marks the slice as ended, reports it if it was slow, and returns the end time.</summary>
        public long SliceEnded(long started, in LoopEntry entry, long finishedAt)
        {
            if (!Enabled)
            {
                return 0;
            }

            long sequence = _sequence;
            Volatile.Write(ref _sequence, sequence + 1);
            long ended = finishedAt != 0 ? finishedAt : _time.GetTimestamp();
            long elapsed = ended - started;

            // Only the loop thread writes it; readers see whole values.
            Volatile.Write(ref _busyTicks, _busyTicks + elapsed);
            if (Volatile.Read(ref _reportedSequence) == sequence)
            {
                Log.StuckSliceEnded(_loop._logger, _loop.Name, entry.Describe(), ToMilliseconds(elapsed), Clause(UsageDuring(sequence)));
            }
            else if (elapsed >= _thresholdTicks && TryClaim(sequence))
            {
                string cause = UsageDuring(sequence)?.Describe() ?? "every other cooperative task waited. Offload blocking calls with Offload.RunAsync";
                Log.SlowSlice(_loop._logger, _loop.Name, entry.Describe(), ToMilliseconds(elapsed), ToMilliseconds(_thresholdTicks), cause);
            }

            return ended;
        }

        public void Dispose() => _timer?.Dispose();

        private void CheckRunningSlice()
        {
            CheckSaturation();
            long sequence = Volatile.Read(ref _sequence);
            if ((sequence & 1) == 0)
            {
                return;
            }

            long started = Volatile.Read(ref _startedAt);
            var entry = new LoopEntry(Volatile.Read(ref _target)!, Volatile.Read(ref _state));
            if (Volatile.Read(ref _sequence) != sequence)
            {
                return;
            }

            // The first tick that sees a slice running reads the loop thread's accounting; its report compares against it.
            var sample = Volatile.Read(ref _sample);
            if (sample?.Sequence != sequence && Volatile.Read(ref _schedStat)?.TryRead() is { } reading)
            {
                Volatile.Write(ref _sample, reading with { Sequence = sequence });
            }

            long elapsed = _time.GetTimestamp() - started;
            if (elapsed < _thresholdTicks || !TryClaim(sequence))
            {
                return;
            }

            int ready = _loop.ReadyCount;
            if (ready > 0)
            {
                Log.PossibleDeadlock(_loop._logger, _loop.Name, entry.Describe(), ToMilliseconds(elapsed), ready);
            }
            else
            {
                Log.StuckSlice(_loop._logger, _loop.Name, entry.Describe(), ToMilliseconds(elapsed), ToMilliseconds(_thresholdTicks), Clause(UsageDuring(sequence)));
            }
        }

        /// <summary>
        /// Once per window, reports a loop that was busy for most of it while work waited: many short blocking slices
        /// that the slow-slice threshold never names add up to a loop that cannot keep up.
        /// </summary>
        private void CheckSaturation()
        {
            long now = _time.GetTimestamp();
            long windowStart = Volatile.Read(ref _windowStart);
            if (now - windowStart < _windowTicks || Interlocked.CompareExchange(ref _windowStart, now, windowStart) != windowStart)
            {
                return;
            }

            long busyTotal = Volatile.Read(ref _busyTicks);
            long busy = busyTotal - Interlocked.Exchange(ref _windowBusy, busyTotal);
            double share = (double)busy / (now - windowStart);
            int ready = _loop.ReadyCount;
            if (share >= SaturatedShare && ready > 0)
            {
                Log.Saturated(_loop._logger, _loop.Name, share * 100, _time.GetElapsedTime(windowStart, now).TotalSeconds, ready, ToMilliseconds(_thresholdTicks));
            }
        }

        /// <summary>Counts a slice as slow exactly once, whether the timer or the slice's end saw it first.</summary>
        private bool TryClaim(long sliceSequence)
        {
            long previous = Volatile.Read(ref _reportedSequence);
            if (previous == sliceSequence || Interlocked.CompareExchange(ref _reportedSequence, sliceSequence, previous) != previous)
            {
                return false;
            }

            Interlocked.Increment(ref _slowSlices);
            return true;
        }

        private double ToMilliseconds(long ticks) => ticks * 1000.0 / _time.TimestampFrequency;

        /// <summary>
        /// The loop thread's running and run-queue time from the first reading taken during the slice until now; null
        /// when there is none (the timer did not tick during it, or the OS keeps no accounting) or too little time passed.
        /// </summary>
        private ThreadSchedStat.Usage? UsageDuring(long sliceSequence)
        {
            if (Volatile.Read(ref _sample) is not { } first || first.Sequence != sliceSequence || Volatile.Read(ref _schedStat)?.TryRead() is not { } now)
            {
                return null;
            }

            var usage = first.Until(now);
            return usage.WindowMs >= 1 ? usage : null;
        }

        private static string Clause(ThreadSchedStat.Usage? usage) => usage is { } measured ? $"; {measured.Describe()}" : string.Empty;
    }
}
