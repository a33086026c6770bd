using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Concurrency.Cells;

/// <summary>
/// Keeps a hung cell from starving the healthy ones (Polly's bulkhead, per cell, with a circuit breaker's probe). A
/// call left running after its scatter-gather timeout keeps its worker until the driver returns, and a driver whose
/// server is frozen or whose file is locked does not return, whatever its token says. Without a bulkhead every
/// following gather leaves one more call running, until the frozen cells hold every worker. With one, a cell that
/// has <see cref="CellBulkheadOptions.MaxLeftRunningPerCell"/> calls left running is hung: its next calls are answered
/// did-not-respond at once ("still running from an earlier call since T") without taking a worker, apart from one
/// probe per <see cref="CellBulkheadOptions.ProbeInterval"/>. The cell comes back as soon as a probe answers or its
/// left-running calls end. So one cell never holds more than the limit plus one probe.
/// </summary>
/// <remarks>
/// Cells are told apart by <see cref="Cell.Id"/>, so one bulkhead serves every gather over the same cells, however
/// the <see cref="Cell"/> objects are made. Nothing changes while no cell is hung: every call runs, as without a
/// bulkhead. By default each executor has its own (<see cref="Of(IExecutor)"/>), since the workers it protects are that pool's;
/// <see cref="ScatterGatherOptions.Bulkhead"/> can name another, or <see cref="None"/>.
/// </remarks>
public sealed class CellBulkhead
{
    private static readonly ConditionalWeakTable<IExecutor, CellBulkhead> s_byExecutor = [];

    private readonly ConcurrentDictionary<string, CellState> _cells = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly long _probeTicks;
    private readonly bool _enabled = true;

    /// <summary>Creates a bulkhead.</summary>
    /// <param name="options">Settings; null takes the defaults.</param>
    public CellBulkhead(CellBulkheadOptions? options = null)
    {
        Options = options ?? new CellBulkheadOptions();
        MaxLeftRunningPerCell = Options.MaxLeftRunningPerCell;
        ProbeInterval = Options.ProbeInterval;
        _time = Core.Simulated.Clock(Options.ChosenTimeProvider);
        _probeTicks = (long)(ProbeInterval.TotalSeconds * _time.TimestampFrequency);
    }

    private CellBulkhead(bool enabled)
        : this()
    {
        _enabled = enabled;
    }

    /// <summary>No bulkhead: every call runs, whatever its cell's earlier calls are doing (the behaviour before bulkheads).</summary>
    public static CellBulkhead None { get; } = new(enabled: false);

    /// <summary>The bulkhead scatter-gather uses on <paramref name="executor"/> when none is set: one per executor, with the default settings.</summary>
    /// <param name="executor">The executor the cells' calls run on.</param>
    /// <returns>That executor's bulkhead, made on first use.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="executor"/> is null.</exception>
    public static CellBulkhead Of(IExecutor executor) => Of(executor, null);

    /// <summary>
    /// The executor's own bulkhead, as <see cref="Of(IExecutor)"/>, made with <paramref name="options"/> if this call
    /// makes it (a host gives its clock this way); an existing one is returned as it is.
    /// </summary>
    /// <param name="executor">The executor the cells' calls run on.</param>
    /// <param name="options">Settings for a bulkhead made now; null takes the defaults.</param>
    /// <returns>That executor's bulkhead.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="executor"/> is null.</exception>
    public static CellBulkhead Of(IExecutor executor, CellBulkheadOptions? options)
    {
        ArgumentNullException.ThrowIfNull(executor);
        return s_byExecutor.GetValue(executor, _ => new CellBulkhead(options));
    }

    /// <summary>The executor's own bulkhead if a gather has made it, without making one.</summary>
    internal static CellBulkhead? Existing(IExecutor executor) => s_byExecutor.TryGetValue(executor, out var bulkhead) ? bulkhead : null;

    /// <summary>The settings this bulkhead was made with.</summary>
    public CellBulkheadOptions Options { get; }

    /// <summary>Calls a cell may have left running before it is hung.</summary>
    public int MaxLeftRunningPerCell { get; }

    /// <summary>How often a hung cell is probed.</summary>
    public TimeSpan ProbeInterval { get; }

    /// <summary>Every cell this bulkhead has seen calls left running for or calls fail for, hung or not, ordered by id.</summary>
    /// <returns>A snapshot.</returns>
    public IReadOnlyList<CellHealth> GetCellStates() =>
        [.. _cells.Values.Select(state => state.Snapshot(this)).OrderBy(health => health.CellId, StringComparer.Ordinal)];

    internal CellAdmission Admit(Cell cell, out string? reason)
    {
        reason = null;
        return _enabled && _cells.TryGetValue(cell.Id, out var state) ? state.Admit(this, out reason) : CellAdmission.Run;
    }

    /// <summary>
    /// Counts one gather's outcome for a cell: a failure or no response extends the cell's run of unanswered calls (the
    /// health check's "failing" rule reads it); a response ends it.
    /// </summary>
    internal void OnConcluded(Cell cell, CellOutcome outcome, string reason)
    {
        if (!_enabled)
        {
            return;
        }

        if (outcome == CellOutcome.Responded)
        {
            if (_cells.TryGetValue(cell.Id, out var state))
            {
                state.OnResponded();
            }

            return;
        }

        _cells.GetOrAdd(cell.Id, static (_, c) => new CellState(c), cell).OnUnanswered(reason);
    }

    /// <summary>A call that ran answered (a value or an error): the cell is back.</summary>
    internal bool OnAnswered(Cell cell) => _cells.TryGetValue(cell.Id, out var state) && state.OnAnswered();

    /// <summary>A call was left running at its timeout; true when this made the cell hung.</summary>
    internal bool OnLeftRunning(Cell cell, bool probe) => _enabled && _cells.GetOrAdd(cell.Id, static (_, c) => new CellState(c), cell).OnLeftRunning(this, probe);

    /// <summary>A call left running has ended; true when this brought the cell back.</summary>
    internal bool OnLeftRunningEnded(Cell cell) => _cells.TryGetValue(cell.Id, out var state) && state.OnLeftRunningEnded();

    /// <summary>A probe ended without an answer or a left-running call (it was still queued, or the caller gave up).</summary>
    internal void OnProbeSettled(Cell cell)
    {
        if (_cells.TryGetValue(cell.Id, out var state))
        {
            state.OnProbeSettled();
        }
    }

    private sealed class CellState(Cell cell)
    {
        private readonly Lock _gate = new();
        private int _leftRunning;
        private DateTimeOffset? _hungSince;
        private bool _answeredSinceLeftRunning;
        private bool _probeInFlight;
        private long _lastProbeAt;
        private long _answeredAtOnce;
        private long _probes;
        private int _unansweredInARow;
        private string? _lastUnanswered;

        public void OnResponded()
        {
            lock (_gate)
            {
                _unansweredInARow = 0;
                _lastUnanswered = null;
            }
        }

        public void OnUnanswered(string reason)
        {
            lock (_gate)
            {
                _unansweredInARow = _unansweredInARow == int.MaxValue ? int.MaxValue : _unansweredInARow + 1;
                _lastUnanswered = reason;
            }
        }

        public CellAdmission Admit(CellBulkhead owner, out string? reason)
        {
            reason = null;
            lock (_gate)
            {
                if (_leftRunning < owner.MaxLeftRunningPerCell || (_answeredSinceLeftRunning && _leftRunning == owner.MaxLeftRunningPerCell))
                {
                    return CellAdmission.Run;
                }

                long now = owner._time.GetTimestamp();
                if (_leftRunning == owner.MaxLeftRunningPerCell && !_probeInFlight && now - _lastProbeAt >= owner._probeTicks)
                {
                    _probeInFlight = true;
                    _lastProbeAt = now;
                    _probes++;
                    return CellAdmission.Probe;
                }

                _answeredAtOnce++;
                reason = string.Create(CultureInfo.InvariantCulture,
                    $"still running from an earlier call since {_hungSince:O} ({_leftRunning} call(s) left running, the bulkhead's limit is {owner.MaxLeftRunningPerCell} plus one probe every {owner.ProbeInterval.TotalSeconds:0.###} s)");
                return CellAdmission.AnsweredAtOnce;
            }
        }

        public bool OnAnswered()
        {
            lock (_gate)
            {
                _probeInFlight = false;
                bool cameBack = _leftRunning > 0 && !_answeredSinceLeftRunning;
                _answeredSinceLeftRunning = _leftRunning > 0;
                return cameBack;
            }
        }

        public bool OnLeftRunning(CellBulkhead owner, bool probe)
        {
            lock (_gate)
            {
                if (probe)
                {
                    _probeInFlight = false;
                }

                _hungSince ??= owner._time.GetUtcNow();
                _answeredSinceLeftRunning = false;
                if (_leftRunning == 0)
                {
                    // The probe interval starts when the cell goes quiet, so the first probe comes one interval later.
                    _lastProbeAt = owner._time.GetTimestamp();
                }

                return ++_leftRunning == owner.MaxLeftRunningPerCell;
            }
        }

        public bool OnLeftRunningEnded()
        {
            lock (_gate)
            {
                if (--_leftRunning > 0)
                {
                    return false;
                }

                _hungSince = null;
                _answeredSinceLeftRunning = false;
                return true;
            }
        }

        public void OnProbeSettled()
        {
            lock (_gate)
            {
                _probeInFlight = false;
            }
        }

        public CellHealth Snapshot(CellBulkhead owner)
        {
            lock (_gate)
            {
                bool hung = _leftRunning >= owner.MaxLeftRunningPerCell && !_answeredSinceLeftRunning;
                return new CellHealth(cell.Id, cell.Name, _leftRunning, _hungSince, hung, _answeredAtOnce, _probes, _unansweredInARow, _lastUnanswered);
            }
        }
    }
}

/// <summary>What a <see cref="CellBulkhead"/> decided for one cell's call.</summary>
internal enum CellAdmission
{
    /// <summary>The call runs as usual.</summary>
    Run,

    /// <summary>The cell is hung; this call runs to see whether it is back.</summary>
    Probe,

    /// <summary>The cell is hung: answered did-not-respond without running.</summary>
    AnsweredAtOnce,
}
