namespace Quarry.Optimization.Importance;

/// <summary>
/// A CART regression tree (squared error, exhaustive splits at midpoints between distinct values, min 1 sample per
/// leaf), kept only as its leaves: axis-aligned boxes of the domain with the mean target of their samples.
/// </summary>
internal sealed class RegressionTree
{
    internal readonly record struct Leaf(double[] Low, double[] High, double Value);

    readonly double[][] _x; // [sample][feature]
    readonly double[] _y;
    readonly int _maxDepth;
    readonly List<Leaf> _leaves = [];

    RegressionTree(double[][] x, double[] y, int maxDepth) => (_x, _y, _maxDepth) = (x, y, maxDepth);

    public IReadOnlyList<Leaf> Leaves => _leaves;

    /// <summary>Fits a tree on the samples <paramref name="rows"/> (with repeats for a bootstrap) over the box [low, high].</summary>
    public static RegressionTree Fit(double[][] x, double[] y, int[] rows, double[] low, double[] high, int maxDepth)
    {
        var tree = new RegressionTree(x, y, maxDepth);
        tree.Grow(rows, (double[])low.Clone(), (double[])high.Clone(), 0);
        return tree;
    }

    void Grow(int[] rows, double[] low, double[] high, int depth)
    {
        double mean = 0;
        foreach (int r in rows) mean += _y[r];
        mean /= rows.Length;
        if (depth >= _maxDepth || rows.Length < 2 || !FindSplit(rows, out int feature, out double threshold))
        {
            _leaves.Add(new Leaf(low, high, mean));
            return;
        }
        var left = rows.Where(r => _x[r][feature] <= threshold).ToArray();
        var right = rows.Where(r => _x[r][feature] > threshold).ToArray();
        var leftHigh = (double[])high.Clone();
        leftHigh[feature] = threshold;
        var rightLow = (double[])low.Clone();
        rightLow[feature] = threshold;
        Grow(left, low, leftHigh, depth + 1);
        Grow(right, rightLow, high, depth + 1);
    }

    /// <summary>The split with the largest decrease of the squared error; false when no split reduces it (all x or all y equal).</summary>
    bool FindSplit(int[] rows, out int bestFeature, out double bestThreshold)
    {
        bestFeature = -1;
        bestThreshold = 0;
        int n = rows.Length;
        double total = 0;
        foreach (int r in rows) total += _y[r];
        double bestScore = total * total / n + 1e-12 * Math.Max(1, Math.Abs(total * total / n));
        var order = new int[n];
        var keys = new double[n];
        for (int f = 0; f < _x[0].Length; f++)
        {
            for (int i = 0; i < n; i++) { order[i] = rows[i]; keys[i] = _x[rows[i]][f]; }
            Array.Sort(keys, order);
            double leftSum = 0;
            for (int i = 0; i < n - 1; i++)
            {
                leftSum += _y[order[i]];
                if (keys[i] == keys[i + 1]) continue;
                double rightSum = total - leftSum;
                // Minimising SSE = maximising sum²/count on each side.
                double score = leftSum * leftSum / (i + 1) + rightSum * rightSum / (n - i - 1);
                if (score > bestScore)
                {
                    bestScore = score;
                    bestFeature = f;
                    bestThreshold = keys[i] + (keys[i + 1] - keys[i]) / 2;
                }
            }
        }
        return bestFeature >= 0;
    }
}
