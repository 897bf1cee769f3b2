using Npgsql;
using Quarry.Core;

namespace Quarry.Storage.Tests;

public sealed class StoreLocationTests
{
    [Theory]
    [InlineData("sqlite:studies.db", "studies.db")]
    [InlineData("sqlite:///studies.db", "studies.db")]
    [InlineData("sqlite:////tmp/x/studies.db", "/tmp/x/studies.db")]
    [InlineData("sqlite:/tmp/a b/s.sqlite3", "/tmp/a b/s.sqlite3")]
    [InlineData("studies.db", "studies.db")]
    [InlineData("data/studies.sqlite", "data/studies.sqlite")]
    [InlineData("  /tmp/studies.DB ", "/tmp/studies.DB")]
    public void Parse_sqlite_forms_give_the_full_path(string text, string path)
    {
        var location = StoreLocation.Parse(text);
        Assert.Equal(StoreKind.Sqlite, location.Kind);
        Assert.Equal(Path.GetFullPath(path), location.SqlitePath);
        Assert.Equal("sqlite:" + Path.GetFullPath(path), location.Display);
    }

    [Fact]
    public void Parse_postgresql_url_maps_every_part_and_hides_the_password()
    {
        var location = StoreLocation.Parse("postgresql://quarry:s%40cret@db.example:5433/optuna?sslmode=disable&application_name=worker");
        Assert.Equal(StoreKind.PostgreSql, location.Kind);
        var b = new NpgsqlConnectionStringBuilder(location.ConnectionString);
        Assert.Equal(("quarry", "s@cret", "db.example", 5433, "optuna"), (b.Username, b.Password, b.Host, b.Port, b.Database));
        Assert.Equal(SslMode.Disable, b.SslMode);
        Assert.Equal("worker", b.ApplicationName);
        Assert.Equal("postgresql://quarry@db.example:5433/optuna", location.Display);
        Assert.DoesNotContain("s@cret", location.ToString(), StringComparison.Ordinal);
        Assert.Null(location.SqlitePath);
    }

    [Fact]
    public void Parse_postgres_scheme_defaults_the_port_and_accepts_a_socket_folder()
    {
        var b = new NpgsqlConnectionStringBuilder(StoreLocation.Parse("postgres://me@localhost/db").ConnectionString);
        Assert.Equal(("me", "localhost", 5432, "db"), (b.Username, b.Host, b.Port, b.Database));
        var socket = new NpgsqlConnectionStringBuilder(StoreLocation.Parse("postgresql:///db?host=/var/run/postgresql").ConnectionString);
        Assert.Equal("/var/run/postgresql", socket.Host);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("mysql://u@h/db", "Unrecognised")]
    [InlineData("notes.txt", "Unrecognised")]
    [InlineData("postgresql://u@h:5432/", "names no database")]
    [InlineData("postgresql://u:pw@h/db?bogus_option=1", "bogus_option")]
    [InlineData("sqlite://host/x.db", "host part")]
    [InlineData("sqlite:", "empty")]
    [InlineData("sqlite::memory:", "in-memory")]
    public void Parse_rejects_bad_locations_with_a_clear_message(string text, string expected)
    {
        var e = Assert.Throws<QuarryException>(() => StoreLocation.Parse(text));
        Assert.Equal(ErrorCode.InvalidParameter, e.Code);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(":pw@", e.Message, StringComparison.Ordinal);
    }
}
