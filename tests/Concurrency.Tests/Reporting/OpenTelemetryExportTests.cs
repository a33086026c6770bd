using System.Net;
using System.Text;
using Concurrency.Tests.Infrastructure;
using Concurrency.Tests.Infrastructure.Databases;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace Concurrency.Tests.Reporting;

/// <summary>The README's OpenTelemetry set-up, exporting to an OTLP/HTTP endpoint of the test's own on 127.0.0.1.</summary>
public sealed class OpenTelemetryExportTests
{
    [Fact]
    public async Task AddMeter_WithOtlpExporter_SendsTheExecutorsInstruments()
    {
        using var endpoint = new HttpListener();
        int port = PostgresServer.FreePort();
        endpoint.Prefixes.Add($"http://127.0.0.1:{port}/");
        endpoint.Start();
        var received = ReceiveAsync(endpoint);
        string name = $"otel-{Guid.NewGuid():N}";

        using (MeterProvider meters = Sdk.CreateMeterProviderBuilder()
            .AddMeter(ExecutorMetrics.MeterName)
            .AddOtlpExporter(otlp =>
            {
                otlp.Endpoint = new Uri($"http://127.0.0.1:{port}/v1/metrics");
                otlp.Protocol = OtlpExportProtocol.HttpProtobuf;
            })
            .Build())
        {
            await using IExecutor executor = Executors.Create(name, maxWorkers: 4);
            (await executor.Submit(_ => 6 * 7)).Should().Be(42);

            meters.ForceFlush().Should().BeTrue("the exporter sends at once when flushed");
        }

        var (path, body) = await received.Within();
        path.Should().Be("/v1/metrics");
        body.Should().Contain("concurrency.executor.work_items").And.Contain("concurrency.executor.work_item.duration").And.Contain(name);
    }

    // One OTLP request: its path and its protobuf body (metric names and tag values are UTF-8 strings in it).
    private static async Task<(string Path, string Body)> ReceiveAsync(HttpListener endpoint)
    {
        var context = await endpoint.GetContextAsync();
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/x-protobuf";
        context.Response.Close();
        return (context.Request.Url!.AbsolutePath, Encoding.UTF8.GetString(body.ToArray()));
    }
}
