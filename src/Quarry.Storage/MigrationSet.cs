using Quarry.Core;

namespace Quarry.Storage;

/// <summary>
/// The migrations of one store (e.g. "optimization", "tracking"). Sets are versioned independently in one
/// <c>schema_migrations</c> table, so several stores can share a database without clashing.
/// </summary>
/// <param name="Name">Unique set name (1–128 characters).</param>
/// <param name="Migrations">Versions 1..N in order.</param>
public sealed record MigrationSet(string Name, IReadOnlyList<Migration> Migrations)
{
    /// <summary>The highest version.</summary>
    public int LatestVersion => Migrations.Count == 0 ? 0 : Migrations[^1].Version;

    /// <summary>Throws a <see cref="QuarryException"/> (InvalidParameter) unless the name is set and versions run 1, 2, ..., N.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 128)
            throw new QuarryException(ErrorCode.InvalidParameter, $"A migration set needs a name of 1–128 characters (got '{Name}').");
        for (int i = 0; i < Migrations.Count; i++)
            if (Migrations[i].Version != i + 1)
                throw new QuarryException(ErrorCode.InvalidParameter,
                    $"Migration set '{Name}': migration #{i + 1} has version {Migrations[i].Version} (fix: number them 1, 2, 3, ... in order).");
    }
}
