namespace Quarry.Storage.Testing;

/// <summary>Fresh, empty databases for tests: a SQLite file in a temporary folder, or a new PostgreSQL database.</summary>
public static class TestDatabases
{
    /// <summary>A fresh SQLite location (the file does not exist yet) in a folder that is deleted with the returned handle.</summary>
    public static TempFolder NewSqliteFolder() => new();

    /// <summary>A temporary folder, deleted on dispose.</summary>
    public sealed class TempFolder : IDisposable
    {
        /// <summary>Creates the folder.</summary>
        public TempFolder() => Directory.CreateDirectory(Path);

        /// <summary>The folder.</summary>
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "quarry-sql-" + Guid.NewGuid().ToString("N")[..12]);

        /// <summary>A location <c>sqlite:FOLDER/NAME</c>.</summary>
        public string Sqlite(string name = "store.db") => "sqlite:" + System.IO.Path.Combine(Path, name);

        /// <inheritdoc />
        public void Dispose()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(Path, recursive: true); }
            catch (IOException) { }
        }
    }
}
