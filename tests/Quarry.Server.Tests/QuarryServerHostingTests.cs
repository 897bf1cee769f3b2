using Microsoft.Extensions.Configuration;

namespace Quarry.Server.Tests;

public class QuarryServerHostingTests
{
    [Fact]
    public void The_server_reads_its_config_files_once_and_watches_none()
    {
        var dir = Directory.CreateTempSubdirectory("quarry-hosting-").FullName;
        try
        {
            using var app = QuarryServer.Build(new ServerOptions { Store = "sqlite:" + Path.Combine(dir, "t.db"), ArtifactsRoot = dir, Port = 0 });
            var files = ((IConfigurationRoot)app.Configuration).Providers.OfType<FileConfigurationProvider>().ToList();
            Assert.NotEmpty(files); // appsettings.json is still read, when there is one
            // A file watched for changes puts a recursive watcher on the working directory, which every store write under it wakes.
            Assert.All(files, f => Assert.False(f.Source.ReloadOnChange, f.Source.Path));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
