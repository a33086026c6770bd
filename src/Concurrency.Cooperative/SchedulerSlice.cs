using System.Runtime.InteropServices;

namespace Concurrency;

/// <summary>
/// A thread's scheduler slice on Linux 6.12 or later (<c>sched_setattr</c>'s <c>sched_runtime</c> for a SCHED_OTHER
/// thread). The EEVDF scheduler gives a thread with a shorter slice earlier deadlines, so it runs sooner when it wakes,
/// and one with a longer slice later ones; the share of CPU each thread gets stays the same. Unlike nice values, which
/// every thread started by a niced thread inherits (the .NET pool's threads included), the slice is asked for with
/// SCHED_FLAG_RESET_ON_FORK: threads the caller starts afterwards get the default.
/// </summary>
internal static partial class SchedulerSlice
{
    /// <summary>The shortest slice Linux takes: 0.1 ms.</summary>
    public static readonly TimeSpan Min = TimeSpan.FromMicroseconds(100);

    /// <summary>The longest slice Linux takes: 100 ms.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromMilliseconds(100);

    private const int AttrSize = 56;
    private const uint SchedOther = 0;
    private const ulong ResetOnFork = 0x01;

    /// <summary>Whether a slice is null (leave the OS's) or within <see cref="Min"/> to <see cref="Max"/>.</summary>
    public static bool IsAccepted(TimeSpan? slice) => slice is null || (slice >= Min && slice <= Max);

    /// <summary>What the setting accepts, for bad-input messages.</summary>
    public static string Rule => "use 0.1 ms to 100 ms (the range Linux takes), or null to leave the OS's slice";

    /// <summary>Asks for <paramref name="slice"/> on the calling thread.</summary>
    /// <returns>Null when it took effect; otherwise why not, for the log.</returns>
    public static string? TrySetForCurrentThread(TimeSpan slice)
    {
        if (!OperatingSystem.IsLinux())
        {
            return "only Linux has per-thread scheduler slices";
        }

        if (Numbers() is not { } numbers)
        {
            return $"no sched_setattr system call number is known for {RuntimeInformation.ProcessArchitecture}";
        }

        var (set, get) = numbers;

        var attr = new SchedAttr { Size = AttrSize };
        if (Syscall(get, 0, ref attr, AttrSize, 0) != 0)
        {
            return $"sched_getattr failed with errno {Marshal.GetLastPInvokeError()}";
        }

        if (attr.Policy != SchedOther)
        {
            return $"the thread runs under scheduling policy {attr.Policy}, not SCHED_OTHER, and is left as it is";
        }

        if (attr.Nice < 0)
        {
            // SCHED_FLAG_RESET_ON_FORK would also give the threads it starts nice 0 instead of the process's own.
            return $"the thread runs at nice {attr.Nice}, which the threads it starts would no longer inherit";
        }

        ulong wanted = (ulong)(slice.Ticks * 100);
        attr.Size = AttrSize;
        attr.Flags = ResetOnFork;
        attr.Runtime = wanted;
        if (Syscall(set, 0, ref attr, 0, 0) != 0)
        {
            return $"sched_setattr failed with errno {Marshal.GetLastPInvokeError()}";
        }

        attr = new SchedAttr { Size = AttrSize };
        return Syscall(get, 0, ref attr, AttrSize, 0) == 0 && attr.Runtime == wanted
            ? null
            : "the kernel does not take per-thread slices (Linux before 6.12)";
    }

    /// <summary>The calling thread's slice as the kernel reports it, or null where it reports none.</summary>
    public static TimeSpan? OfCurrentThread()
    {
        if (!OperatingSystem.IsLinux() || Numbers() is not { Get: var get })
        {
            return null;
        }

        var attr = new SchedAttr { Size = AttrSize };
        return Syscall(get, 0, ref attr, AttrSize, 0) == 0 && attr.Runtime > 0 ? TimeSpan.FromTicks((long)(attr.Runtime / 100)) : null;
    }

    private static (long Set, long Get)? Numbers() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => (314, 315),
        Architecture.Arm64 => (274, 275),
        _ => null,
    };

    // sched_setattr(pid, attr, flags) and sched_getattr(pid, attr, size, flags): glibc wraps them only since 2.41.
    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, int pid, ref SchedAttr attr, uint sizeOrFlags, uint flags);

    /// <summary>struct sched_attr, SCHED_ATTR_SIZE_VER1.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct SchedAttr
    {
        public uint Size;
        public uint Policy;
        public ulong Flags;
        public int Nice;
        public uint Priority;
        public ulong Runtime;
        public ulong Deadline;
        public ulong Period;
        public uint UtilMin;
        public uint UtilMax;
    }
}
