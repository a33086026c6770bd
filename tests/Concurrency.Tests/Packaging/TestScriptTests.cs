using System.Diagnostics;
using Concurrency.Tests.Infrastructure.Databases;

namespace Concurrency.Tests.Packaging;

/// <summary>
/// The README's test command on a machine without the servers and without a way to install them: it must say what to
/// install in one line and stop before any test runs.
/// </summary>
public sealed class TestScriptTests
{
    private static readonly string[] s_serverFolders = ["/usr/lib/postgresql", "/usr/lib/rabbitmq"];

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task TestSh_NoServersAndNoRoot_SaysWhatToInstallInOneLineBeforeAnyTest()
    {
        // A copy outside the repository: should the script go on to 'dotnet test', it finds no solution there.
        string folder = Directory.CreateTempSubdirectory("concurrency-test-sh-").FullName;
        try
        {
            string script = Path.Combine(folder, "test.sh");
            File.Copy(Path.Combine(ConsumerTests.Root, "test.sh"), script);
            File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);

            // A user namespace where the servers' folders are empty and the script runs as an ordinary user (uid 1000),
            // whether the tests run as root or not; no sudo works inside it.
            string hideServers = string.Join(' ', s_serverFolders.Select(path => $"if [ -d {path} ]; then mount -t tmpfs none {path}; fi;"));
            var (code, output, errors) = await ProcessRunner.CaptureAsync(
                new ProcessStartInfo(
                    "unshare",
                    ["--user", "--map-root-user", "--mount", "--propagation", "private", "sh", "-c",
                     $"{hideServers} exec unshare --user --map-user=1000 --map-group=1000 env -i PATH=/usr/bin:/bin HOME={folder} bash {script}"]),
                TimeSpan.FromMinutes(1));

            code.Should().Be(2, "the script refuses before any test runs; it printed: {0}{1}", output, errors);
            output.Should().BeEmpty("nothing but the one line is printed");
            errors.TrimEnd().Split('\n').Should().ContainSingle().Which.Should()
                .Contain("install postgresql rabbitmq-server").And.Contain("sudo apt-get install postgresql rabbitmq-server").And.Contain("or run this as root");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
