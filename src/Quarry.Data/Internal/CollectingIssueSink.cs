namespace Quarry.Data.Internal;

/// <summary>Keeps the first <c>max</c> problems and counts all of them.</summary>
internal sealed class CollectingIssueSink(string source, int max) : IssueSink(source)
{
    readonly List<DataIssue> _issues = [];

    public IReadOnlyList<DataIssue> Issues => _issues;

    protected override void OnIssue(DataIssue issue)
    {
        if (_issues.Count < max) _issues.Add(issue);
    }
}
