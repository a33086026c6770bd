namespace CellApi;

/// <summary>The <c>CellApi</c> configuration section: the cells behind GET /hosts and how they are reached.</summary>
internal sealed class CellApiOptions
{
    public const string SectionName = "CellApi";

    /// <summary>SQLite cell files made at start in a temporary folder (a blocking driver); 0 for none.</summary>
    public int SqliteCells { get; set; } = 4;

    /// <summary>PostgreSQL cells, one per connection string (an asynchronous driver, latency from pg_sleep).</summary>
    public List<string> Postgres { get; } = [];

    public int HostsPerCell { get; set; } = 5;

    /// <summary>Each cell query's simulated latency: the server's pg_sleep, or a sleep inside the SQLite driver.</summary>
    public int LatencyMilliseconds { get; set; } = 20;

    /// <summary>
    /// <c>library</c> (the default): handlers on the backend, scatter-gather from the container. <c>baseline</c>: plain
    /// ASP.NET, <c>Task.Run</c> per cell and <c>Task.WhenAll</c> with a <c>SemaphoreSlim</c> of <see cref="BaselineLimit"/>.
    /// </summary>
    public string Mode { get; set; } = "library";

    /// <summary>How many cell calls the baseline lets run at once; the .NET pool's minimum threads are raised to it.</summary>
    public int BaselineLimit { get; set; } = 256;

    public TimeSpan Latency => TimeSpan.FromMilliseconds(LatencyMilliseconds);

    public bool IsBaseline => Mode.Equals("baseline", StringComparison.OrdinalIgnoreCase);

    /// <summary>Throws a <see cref="CellScheduler.UsageException"/> naming the first bad value and what is accepted.</summary>
    public void Validate()
    {
        if (SqliteCells is < 0 or > 1000)
        {
            throw new CellScheduler.UsageException($"CellApi:SqliteCells {SqliteCells} is not accepted: use 0 to 1000.");
        }

        if (SqliteCells == 0 && Postgres.Count == 0)
        {
            throw new CellScheduler.UsageException("CellApi has no cells: set CellApi:SqliteCells above 0 or give CellApi:Postgres connection strings.");
        }

        if (HostsPerCell is < 0 or > 10_000)
        {
            throw new CellScheduler.UsageException($"CellApi:HostsPerCell {HostsPerCell} is not accepted: use 0 to 10000.");
        }

        if (LatencyMilliseconds is < 0 or > 60_000)
        {
            throw new CellScheduler.UsageException($"CellApi:LatencyMilliseconds {LatencyMilliseconds} is not accepted: use 0 to 60000.");
        }

        if (!IsBaseline && !Mode.Equals("library", StringComparison.OrdinalIgnoreCase))
        {
            throw new CellScheduler.UsageException($"CellApi:Mode '{Mode}' is not accepted: use library or baseline.");
        }

        if (BaselineLimit is < 1 or > 32_767)
        {
            throw new CellScheduler.UsageException($"CellApi:BaselineLimit {BaselineLimit} is not accepted: use 1 to 32767.");
        }
    }
}
