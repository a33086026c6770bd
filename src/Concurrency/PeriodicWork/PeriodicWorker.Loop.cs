namespace Concurrency.PeriodicWork;

public sealed partial class PeriodicWorker
{
    private async Task RunLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            List<(PeriodicCallback Callback, double DueAt)> due = [];
            double? earliest = null;
            Task wake;
            lock (_gate)
            {
                double now = Now();
                foreach (var callback in _callbacks.Where(c => c.Enabled && !c.StopRequested && !c.IsRunning && c.NextRunAt is not null))
                {
                    if (callback.NextRunAt <= now)
                    {
                        callback.IsRunning = true;
                        StartedLocked();
                        due.Add((callback, callback.NextRunAt!.Value));
                    }
                    else
                    {
                        earliest = Math.Min(earliest ?? double.MaxValue, callback.NextRunAt!.Value);
                    }
                }

                if (due.Count == 0 && _autoStop && _inFlight == 0 && !_callbacks.Any(c => !c.StopRequested))
                {
                    return;
                }

                _wake = NewSignal();
                wake = _wake.Task;
            }

            due.ForEach(entry => Submit(entry.Callback, entry.DueAt, stopping));
            if (due.Count > 0)
            {
                continue;
            }

            // The wait is measured from the clock right before the timer is made, and checked again after, so a clock
            // that moved in between never makes a run late. One timer per wait, gone as soon as the wait ends.
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            Task delay;
            if (earliest is { } deadline)
            {
                double seconds = deadline - Now();
                if (seconds <= 0)
                {
                    continue;
                }

                // A spacing longer than a timer holds wakes at the timer's limit; the loop then measures again.
                delay = Core.Simulated.Delay(_clock, Core.TimerLimits.DueIn((long)Math.Ceiling(seconds * TimeSpan.TicksPerSecond), TimeSpan.TicksPerSecond), waiting.Token);
                if (Now() >= deadline)
                {
                    await Core.Simulated.CancelAsync(waiting).ConfigureAwait(Core.Simulated.Captures);
                    continue;
                }
            }
            else
            {
                delay = Core.Simulated.Delay(_clock, Timeout.InfiniteTimeSpan, waiting.Token);
            }

            await Task.WhenAny(wake, delay).ConfigureAwait(Core.Simulated.Captures);
            await Core.Simulated.CancelAsync(waiting).ConfigureAwait(Core.Simulated.Captures);
        }
    }

    private void Submit(PeriodicCallback callback, double dueAt, CancellationToken stopping)
    {
        bool ran = false;
        Task submitted;
        try
        {
            submitted = _executor!.Submit(
                async ct =>
                {
                    ran = true;
                    await RunAsync(callback, dueAt, ct).ConfigureAwait(Core.Simulated.Captures);
                },
                stopping);
        }
        catch (SubmissionRefusedException refused)
        {
            lock (_gate)
            {
                callback.IsRunning = false;
                callback.NextRunAt = Now() + _options.RetryDelay.TotalSeconds;
                FinishedLocked();
            }

            ReportFailure(new PeriodicFailure(callback, PeriodicFailureKind.Submit, callback.Spacing, refused));
            Wake();
            return;
        }

        // A submission canceled before it ran (the worker stopped) still gives its slot back.
        _ = submitted.ContinueWith(
            _ =>
            {
                if (ran)
                {
                    return;
                }

                lock (_gate)
                {
                    callback.IsRunning = false;
                    FinishedLocked();
                }

                Wake();
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task RunAsync(PeriodicCallback callback, double dueAt, CancellationToken cancellationToken)
    {
        double started = Now();
        lock (_gate)
        {
            callback.Runs++;
        }

        Exception? failure = null;
        bool neverAgain = false;
        try
        {
            await callback.Invoke(cancellationToken).ConfigureAwait(Core.Simulated.Captures);
        }
        catch (NeverAgainException)
        {
            neverAgain = true;
        }
        catch (Exception error)
        {
            failure = error;
        }

        double finished = Now();
        lock (_gate)
        {
            callback.Elapsed += TimeSpan.FromSeconds(finished - started);
            callback.ElapsedWaiting += TimeSpan.FromSeconds(Math.Max(0, started - dueAt));
            if (failure is null)
            {
                callback.Successes++;
            }
            else
            {
                callback.Failures++;
            }

            callback.StopRequested |= neverAgain;
            callback.NextRunAt = PeriodicSchedule.NextRun(_options.Strategy, callback.Spacing.TotalSeconds, started, finished, _options.Jitter());
            callback.IsRunning = false;
            FinishedLocked();
        }

        if (failure is not null)
        {
            ReportFailure(new PeriodicFailure(callback, PeriodicFailureKind.Run, callback.Spacing, failure));
        }

        Wake();
    }

    private void ReportFailure(PeriodicFailure failure)
    {
        try
        {
            _options.OnFailure?.Invoke(failure);
        }
        catch (Exception)
        {
            // The hook is the user's; a failing hook must not stop the schedule.
        }
    }

    private void StartedLocked()
    {
        if (_inFlight++ == 0)
        {
            _idle = NewSignal();
        }
    }

    private void FinishedLocked()
    {
        if (--_inFlight == 0)
        {
            _idle.TrySetResult();
        }
    }
}
