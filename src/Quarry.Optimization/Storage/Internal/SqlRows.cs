using System.Data.Common;
using System.Globalization;
using System.Text;
using Quarry.Storage;

namespace Quarry.Optimization.Storage.Internal;

/// <summary>
/// Builds an inline row source with bound parameters, <c>(SELECT @a0 AS c1, @b0 AS c2 UNION ALL SELECT @a1, @b1) AS x</c>,
/// which both SQLite and PostgreSQL accept, so that a batch of child rows is one INSERT ... SELECT.
/// </summary>
sealed class SqlRows(string prefix, params string[] columns)
{
    readonly StringBuilder _sql = new();
    readonly List<Action<DbCommand>> _binds = [];
    int _rows;

    /// <summary>Number of rows added.</summary>
    public int Count => _rows;

    /// <summary>Adds one row; <paramref name="bind"/> receives each column's parameter name and binds its value.</summary>
    public void Add(Action<DbCommand, Func<int, string>> bind)
    {
        int row = _rows++;
        string Name(int column) => string.Create(CultureInfo.InvariantCulture, $"@{prefix}{column}_{row}");
        _sql.Append(row == 0 ? "SELECT " : " UNION ALL SELECT ");
        for (int c = 0; c < columns.Length; c++)
        {
            if (c > 0) _sql.Append(", ");
            _sql.Append(Name(c));
            if (row == 0) _sql.Append(" AS ").Append(columns[c]);
        }
        _binds.Add(cmd => bind(cmd, Name));
    }

    /// <summary>The row source, aliased <c>x</c>.</summary>
    public string Source => $"({_sql}) AS x";

    /// <summary>Binds every row's parameters to <paramref name="command"/>.</summary>
    public void Bind(DbCommand command)
    {
        foreach (var bind in _binds) bind(command);
    }

    /// <summary>Rows for parameters: n (name), v (internal value), d (distribution JSON, from <paramref name="json"/>).</summary>
    public static SqlRows Params(TrialUpdate update, DistributionJson json)
    {
        var rows = new SqlRows("p", "n", "v", "d");
        foreach (var (name, value) in update.Params)
            rows.Add((cmd, p) => cmd.With(p(0), name).With(p(1), value).With(p(2), json.Of(update.Distributions[name])));
        return rows;
    }

    /// <summary>Rows for intermediate values: s (step), v (value, NULL for NaN/±∞), vt (value type).</summary>
    public static SqlRows Intermediates(TrialUpdate update)
    {
        var rows = new SqlRows("i", "s", "v", "vt");
        foreach (var (step, value) in update.IntermediateValues)
        {
            var (stored, type) = SqlCodec.Encode(value);
            rows.Add((cmd, p) => cmd.With(p(0), step).With(p(1), stored).With(p(2), type));
        }
        return rows;
    }

    /// <summary>Rows for attributes: k (key), j (JSON value).</summary>
    public static SqlRows Attributes(string prefix, IReadOnlyDictionary<string, string> attributes)
    {
        var rows = new SqlRows(prefix, "k", "j");
        foreach (var (key, json) in attributes) rows.Add((cmd, p) => cmd.With(p(0), key).With(p(1), json));
        return rows;
    }
}
