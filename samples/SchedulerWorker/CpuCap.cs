using System.Globalization;

namespace SchedulerWorker;

/// <summary>
/// A Linux cgroup CPU quota for one worker process, so that workers on one machine each get their own share of CPU,
/// as if each ran on a machine of its own (cgroup v2's <c>cpu.max</c>, or v1's <c>cpu.cfs_quota_us</c>). Needs root or
/// a delegated cgroup; the demo fails with what it tried when it cannot write one.
/// </summary>
internal sealed class CpuCap : IDisposable
{
    // A short period, so a capped worker is throttled in small slices rather than stalled for most of 100 ms.
    private const int PeriodMicroseconds = 20_000;

    private readonly string _folder;

    private CpuCap(string folder, int millicores)
    {
        _folder = folder;
        Millicores = millicores;
    }

    /// <summary>The share of one core the process may use, in thousandths.</summary>
    public int Millicores { get; }

    /// <summary>Puts <paramref name="processId"/> (every thread of it) under a quota of its own.</summary>
    /// <param name="processId">The worker's process id.</param>
    /// <param name="name">Names the cgroup, with the demo's own process id.</param>
    /// <param name="millicores">The share of one core, 1 to 64,000 thousandths.</param>
    /// <returns>The cap; disposing it removes the cgroup once the process has left it.</returns>
    /// <exception cref="InvalidOperationException">No writable cgroup CPU controller; the message says where it looked.</exception>
    public static CpuCap Apply(int processId, string name, int millicores)
    {
        string quota = ((long)millicores * PeriodMicroseconds / 1000).ToString(CultureInfo.InvariantCulture);
        string period = PeriodMicroseconds.ToString(CultureInfo.InvariantCulture);
        string group = $"concurrency-demo-{Environment.ProcessId}-{name}";
        try
        {
            if (File.Exists("/sys/fs/cgroup/cgroup.controllers"))
            {
                string folder = Directory.CreateDirectory(Path.Combine("/sys/fs/cgroup", group)).FullName;
                File.WriteAllText(Path.Combine(folder, "cpu.max"), $"{quota} {period}");
                File.WriteAllText(Path.Combine(folder, "cgroup.procs"), processId.ToString(CultureInfo.InvariantCulture));
                return new CpuCap(folder, millicores);
            }

            string v1 = Directory.CreateDirectory(Path.Combine("/sys/fs/cgroup/cpu", group)).FullName;
            File.WriteAllText(Path.Combine(v1, "cpu.cfs_period_us"), period);
            File.WriteAllText(Path.Combine(v1, "cpu.cfs_quota_us"), quota);
            File.WriteAllText(Path.Combine(v1, "cgroup.procs"), processId.ToString(CultureInfo.InvariantCulture));
            return new CpuCap(v1, millicores);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"--worker-cpu {millicores} needs a writable cgroup CPU controller (/sys/fs/cgroup/cpu.max under cgroup v2, " +
                $"/sys/fs/cgroup/cpu/ under v1), usually root: {error.Message}", error);
        }
    }

    /// <summary>Removes the cgroup; the kernel refuses while a process is still in it, so call it after the worker exits.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder);
        }
        catch (IOException)
        {
            // Still holding a process that outlived its stop; the kernel frees an empty group's folder only on rmdir.
        }
    }
}
