using Microsoft.AspNetCore.Http;
using Quarry.Server.Dashboard.Html;

namespace Quarry.Server.Dashboard.Pages;

/// <summary>
/// Everything that defines a view of an experiment's runs, read from and written to the query string so the view can be
/// bookmarked: <c>filter</c> (MLflow filter), <c>order_by</c> (one item), the chosen <c>metrics</c> / <c>params</c> /
/// <c>tags</c> columns (comma-separated; absent = defaults), <c>page</c> (the store's page token) with <c>trail</c>
/// (the tokens of the pages before it, for "previous"), <c>size</c> (25, 50, 100 or 200) and <c>sel</c> (run ids
/// selected for comparison).
/// </summary>
internal sealed record RunsView(string ExperimentId)
{
    public static readonly int[] Sizes = [25, 50, 100, 200];
    public const int DefaultSize = 50;

    public string? Filter { get; init; }
    public string? OrderBy { get; init; }
    public IReadOnlyList<string>? Metrics { get; init; }
    public IReadOnlyList<string>? Params { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
    public string? Page { get; init; }
    public IReadOnlyList<string> Trail { get; init; } = [];
    public int Size { get; init; } = DefaultSize;
    public IReadOnlyList<string> Selected { get; init; } = [];

    /// <summary>The view a request asks for; an unknown size falls back to 50.</summary>
    public static RunsView From(string experimentId, HttpRequest request)
    {
        int size = int.TryParse(Query.Get(request, "size"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n)
                   && Sizes.Contains(n) ? n : DefaultSize;
        return new RunsView(experimentId)
        {
            Filter = Query.Get(request, "filter"),
            OrderBy = Query.Get(request, "order_by"),
            Metrics = Query.List(request, "metrics"),
            Params = Query.List(request, "params"),
            Tags = Query.List(request, "tags"),
            Page = Query.Get(request, "page"),
            Trail = Query.Get(request, "page") is null ? [] : Query.List(request, "trail") ?? [],
            Size = size,
            Selected = Query.List(request, "sel") ?? [],
        };
    }

    /// <summary>The row number (0-based) of this page's first run.</summary>
    public long Offset => Page is null ? 0 : (Trail.Count + 1L) * Size;

    /// <summary>The same view on its first page.</summary>
    public RunsView FirstPage => this with { Page = null, Trail = [] };

    /// <summary>The page after this one, given the store's next-page token.</summary>
    public RunsView Next(string token) => this with { Page = token, Trail = Page is null ? [] : [.. Trail, Page] };

    /// <summary>The page before this one (the first page stays the first).</summary>
    public RunsView Previous => Trail.Count == 0 ? FirstPage : this with { Page = Trail[^1], Trail = [.. Trail.Take(Trail.Count - 1)] };

    /// <summary>The page's URL under <paramref name="path"/> (the runs page by default).</summary>
    public string Href(string? path = null) => Query.Build(path ?? "/experiments/" + ExperimentId,
        ("filter", Filter), ("order_by", OrderBy),
        ("metrics", Join(Metrics)), ("params", Join(Params)), ("tags", Join(Tags)),
        ("size", Size == DefaultSize ? null : Size.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("page", Page), ("trail", Trail.Count == 0 ? null : string.Join(',', Trail)),
        ("sel", Selected.Count == 0 ? null : string.Join(',', Selected)));

    static string? Join(IReadOnlyList<string>? keys) => keys is null ? null : string.Join(',', keys);
}
