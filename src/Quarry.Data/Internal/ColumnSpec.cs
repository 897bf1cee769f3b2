namespace Quarry.Data.Internal;

/// <summary>A column a reader looks for: by <paramref name="Explicit"/> name when set, otherwise by the first matching alias.</summary>
/// <param name="Label">Lower-case role name used in messages ("close").</param>
/// <param name="Aliases">Accepted header names, lower case, in order of preference; "" matches an empty header name.</param>
/// <param name="Explicit">Exact name requested by the caller (case-insensitive), or null.</param>
/// <param name="Required">Whether a file without this column is invalid.</param>
internal sealed record ColumnSpec(string Label, string[] Aliases, string? Explicit, bool Required);
