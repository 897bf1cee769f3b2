namespace Quarry.Data.Internal;

/// <summary>Throws the first problem as a <see cref="Quarry.Core.DataException"/>.</summary>
internal sealed class ThrowingIssueSink(string source) : IssueSink(source)
{
    protected override void OnIssue(DataIssue issue) => throw issue.ToException();
}
