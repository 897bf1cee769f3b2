using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Quarry.Storage;

/// <summary>
/// The differences between SQLite and PostgreSQL that the SQL stores meet: column types, the database clock, row
/// locking, how a write transaction starts and which errors are worth retrying. Both engines share the rest
/// (<c>ON CONFLICT ... DO UPDATE</c> upserts, <c>RETURNING</c>, <c>@name</c> parameters). Immutable and thread-safe.
/// </summary>
public abstract class SqlDialect
{
    private protected SqlDialect() { }

    /// <summary>SQLite: writes serialise on the database file lock (<c>BEGIN IMMEDIATE</c>); times are UTC ISO-8601 text.</summary>
    public static SqlDialect Sqlite { get; } = new SqliteDialect();

    /// <summary>PostgreSQL: row locks (<c>FOR UPDATE</c>), identity columns, <c>timestamptz</c>.</summary>
    public static SqlDialect PostgreSql { get; } = new PostgresDialect();

    /// <summary>The dialect of an engine.</summary>
    public static SqlDialect For(StoreKind kind) => kind == StoreKind.Sqlite ? Sqlite : PostgreSql;

    /// <summary>The engine.</summary>
    public abstract StoreKind Kind { get; }

    /// <summary>Column definition of a 64-bit auto-increment primary key (ids are never reused).</summary>
    public abstract string IdentityPrimaryKey { get; }

    /// <summary>Column type of an IEEE double.</summary>
    public abstract string DoubleType { get; }

    /// <summary>Column type of a UTC timestamp.</summary>
    public abstract string TimestampType { get; }

    /// <summary>SQL expression of the database clock's current UTC time, in <see cref="TimestampType"/>, millisecond precision or better.</summary>
    public abstract string Now { get; }

    /// <summary>SQL expression of the seconds elapsed on the database clock since the timestamp <paramref name="column"/> (a double).</summary>
    public abstract string SecondsSince(string column);

    /// <summary>Suffix of a <c>SELECT</c> that locks the selected rows until the transaction ends (empty on SQLite, where the write transaction already holds the database lock).</summary>
    public abstract string ForUpdate { get; }

    /// <summary>Like <see cref="ForUpdate"/> but skipping rows another transaction has locked (a work-queue claim).</summary>
    public abstract string ForUpdateSkipLocked { get; }

    /// <summary>Suffix of a <c>SELECT</c> that keeps the rows from changing until the transaction ends (empty on SQLite).</summary>
    public abstract string ForShare { get; }

    /// <summary>
    /// Starts a transaction that will write: <c>BEGIN IMMEDIATE</c> on SQLite (takes the write lock now, so it never
    /// fails later on a stale snapshot), READ COMMITTED on PostgreSQL (combine with <see cref="ForUpdate"/>).
    /// </summary>
    public abstract DbTransaction BeginWrite(DbConnection connection);

    /// <summary>
    /// Starts a transaction for reading whose statements all see one snapshot (SQLite deferred transaction;
    /// PostgreSQL REPEATABLE READ). The caller only reads in it.
    /// </summary>
    public abstract DbTransaction BeginSnapshot(DbConnection connection);

    /// <summary>
    /// Whether <paramref name="error"/> means the work was rolled back and running it again in a fresh transaction may
    /// succeed: SQLite busy/locked; PostgreSQL serialization failure, deadlock, lock not available, too many connections.
    /// </summary>
    public abstract bool IsTransient(Exception error);

    /// <summary>Reads a timestamp written in <see cref="TimestampType"/> as a UTC <see cref="DateTime"/>; null for SQL NULL.</summary>
    public abstract DateTime? ReadTimestamp(DbDataReader reader, int ordinal);

    /// <summary>Whether <paramref name="error"/> is a unique-constraint violation.</summary>
    public abstract bool IsUniqueViolation(Exception error);

    /// <summary>The dialect of an open connection of either engine.</summary>
    public static SqlDialect Of(DbConnection connection) => connection is SqliteConnection ? Sqlite : PostgreSql;

    /// <summary>
    /// A membership test of a column against a list bound as ONE parameter <c>@name</c> (<see cref="BindList{T}"/>):
    /// <c>IN (SELECT value FROM json_each(@name))</c> on SQLite, <c>= ANY(@name)</c> on PostgreSQL. Put it right after
    /// the column. One parameter instead of one per value: binding hundreds of named parameters cost more than the query
    /// (Microsoft.Data.Sqlite finds each by name; Npgsql rewrites the text for each).
    /// </summary>
    public abstract string InList(string name);

    /// <summary>Binds <paramref name="values"/> (strings or longs) as the list parameter <c>@name</c> of <see cref="InList"/>.</summary>
    public abstract DbCommand BindList<T>(DbCommand command, string name, IReadOnlyList<T> values);

    /// <summary>
    /// An aggregate folding a group's rows into one JSON object of <paramref name="key"/> → <paramref name="value"/>
    /// (text columns): <c>json_group_object</c> on SQLite (<c>{}</c> over no rows), <c>json_object_agg</c> on
    /// PostgreSQL (NULL over no rows).
    /// </summary>
    public abstract string JsonObjectAgg(string key, string value);

    sealed class SqliteDialect : SqlDialect
    {
        const string TimeFormat = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

        public override StoreKind Kind => StoreKind.Sqlite;
        public override string IdentityPrimaryKey => "INTEGER PRIMARY KEY AUTOINCREMENT";
        public override string DoubleType => "REAL";
        public override string TimestampType => "TEXT";
        public override string Now => "strftime('%Y-%m-%d %H:%M:%f', 'now')";
        public override string SecondsSince(string column) => $"((julianday('now') - julianday({column})) * 86400.0)";
        public override string ForUpdate => "";
        public override string ForUpdateSkipLocked => "";
        public override string ForShare => "";
        public override DbTransaction BeginWrite(DbConnection connection) =>
            ((SqliteConnection)connection).BeginTransaction(IsolationLevel.Serializable, deferred: false);
        public override DbTransaction BeginSnapshot(DbConnection connection) =>
            ((SqliteConnection)connection).BeginTransaction(IsolationLevel.Serializable, deferred: true);
        public override bool IsTransient(Exception error) =>
            error is SqliteException { SqliteErrorCode: 5 or 6 }; // SQLITE_BUSY, SQLITE_LOCKED
        public override bool IsUniqueViolation(Exception error) =>
            error is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 };

        public override string InList(string name) => $"IN (SELECT value FROM json_each(@{name}))";

        public override DbCommand BindList<T>(DbCommand command, string name, IReadOnlyList<T> values) =>
            command.With(name, JsonSerializer.Serialize(values));

        public override string JsonObjectAgg(string key, string value) => $"json_group_object({key}, {value})";

        public override DateTime? ReadTimestamp(DbDataReader reader, int ordinal)
        {
            if (reader.IsDBNull(ordinal)) return null;
            string text = reader.GetString(ordinal);
            return DateTime.ParseExact(text, TimeFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        }
    }

    sealed class PostgresDialect : SqlDialect
    {
        public override StoreKind Kind => StoreKind.PostgreSql;
        public override string IdentityPrimaryKey => "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
        public override string DoubleType => "DOUBLE PRECISION";
        public override string TimestampType => "TIMESTAMPTZ";
        public override string Now => "clock_timestamp()";
        public override string SecondsSince(string column) => $"EXTRACT(EPOCH FROM (clock_timestamp() - {column}))::double precision";
        public override string ForUpdate => " FOR UPDATE";
        public override string ForUpdateSkipLocked => " FOR UPDATE SKIP LOCKED";
        public override string ForShare => " FOR SHARE";
        public override DbTransaction BeginWrite(DbConnection connection) => connection.BeginTransaction(IsolationLevel.ReadCommitted);

        // Npgsql sends BEGIN with the transaction's first statement, so a snapshot costs no round trip of its own
        // (a SET TRANSACTION READ ONLY would cost one, synchronously, on every read).
        public override DbTransaction BeginSnapshot(DbConnection connection) => connection.BeginTransaction(IsolationLevel.RepeatableRead);

        // serialization_failure, deadlock_detected, lock_not_available, too_many_connections, cannot_connect_now
        public override bool IsTransient(Exception error) =>
            error is PostgresException { SqlState: "40001" or "40P01" or "55P03" or "53300" or "57P03" };

        public override bool IsUniqueViolation(Exception error) => error is PostgresException { SqlState: "23505" };

        public override string InList(string name) => $"= ANY(@{name})";

        public override DbCommand BindList<T>(DbCommand command, string name, IReadOnlyList<T> values)
        {
            command.Parameters.Add(new NpgsqlParameter(name, values as T[] ?? [.. values]));
            return command;
        }

        public override string JsonObjectAgg(string key, string value) => $"json_object_agg({key}, {value})";

        public override DateTime? ReadTimestamp(DbDataReader reader, int ordinal) =>
            reader.IsDBNull(ordinal) ? null : DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);
    }
}
