namespace CellScheduler;

/// <summary>What a scheduler knows about one compute host, as each cell database records it.</summary>
internal sealed record HostState(
    string Host, string Cell, int VcpusTotal, int VcpusUsed, int MemoryMbTotal, int MemoryMbFree, int DiskGbFree, int RunningVms)
{
    public const string Columns = "host, vcpus_total, vcpus_used, memory_mb_total, memory_mb_free, disk_gb_free, running_vms";

    public const string CreateTable =
        "CREATE TABLE IF NOT EXISTS host_states (host TEXT PRIMARY KEY, vcpus_total INTEGER NOT NULL, vcpus_used INTEGER NOT NULL, " +
        "memory_mb_total INTEGER NOT NULL, memory_mb_free INTEGER NOT NULL, disk_gb_free INTEGER NOT NULL, running_vms INTEGER NOT NULL)";

    /// <summary>A plausible, reproducible host: the same cell and index always give the same numbers.</summary>
    public static HostState Generate(string cell, int cellNumber, int index)
    {
        var random = new Random((cellNumber * 7919) + index);
        var vcpus = 32 * (1 + random.Next(4));
        var memory = vcpus * 4096;
        var used = random.Next(vcpus);
        return new HostState(
            $"compute-{cellNumber:00}-{index + 1:000}", cell, vcpus, used, memory, memory - (used * 4096), random.Next(200, 4000), used / 2);
    }
}
