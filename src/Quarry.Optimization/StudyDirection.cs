namespace Quarry.Optimization;

/// <summary>Whether the objective is minimised or maximised.</summary>
public enum StudyDirection
{
    /// <summary>Smaller is better.</summary>
    Minimize,
    /// <summary>Larger is better.</summary>
    Maximize,
}
