using System.Data.Common;

namespace Concurrency.Tests.Infrastructure.Databases;

/// <summary>The queries the scatter-gather tests run against every cell database.</summary>
public static class HostQueries
{
    public const string ListHosts = "SELECT name FROM hosts ORDER BY name";

    public static List<string> ReadHosts(DbConnection connection, string sql = ListHosts)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var hosts = new List<string>();
        while (reader.Read())
        {
            hosts.Add(reader.GetString(0));
        }

        return hosts;
    }

    public static async Task<List<string>> ReadHostsAsync(DbConnection connection, CancellationToken cancellationToken, string sql = ListHosts)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var hosts = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            hosts.Add(reader.GetString(0));
        }

        return hosts;
    }
}
