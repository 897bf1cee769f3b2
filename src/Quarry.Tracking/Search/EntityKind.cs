namespace Quarry.Tracking.Search;

/// <summary>The entity a search identifier refers to (the part before the first '.' of <c>metrics.acc</c>).</summary>
public enum EntityKind
{
    /// <summary>A metric (<c>metric.</c> / <c>metrics.</c>); compared as a number against the run's latest value.</summary>
    Metric,
    /// <summary>A parameter (<c>param.</c>, <c>params.</c>, <c>parameter.</c>, <c>parameters.</c>); compared as a string.</summary>
    Param,
    /// <summary>A tag (<c>tag.</c> / <c>tags.</c>); compared as a string.</summary>
    Tag,
    /// <summary>A run attribute (<c>attribute.</c>, <c>attributes.</c>, <c>attr.</c>, <c>run.</c>, or no prefix).</summary>
    Attribute,
    /// <summary>A dataset input of the run (<c>dataset.</c> / <c>datasets.</c>): keys <c>name</c>, <c>digest</c>, <c>context</c>.</summary>
    Dataset,
}
