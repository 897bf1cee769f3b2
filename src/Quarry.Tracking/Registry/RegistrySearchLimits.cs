namespace Quarry.Tracking.Registry;

/// <summary>MLflow's <c>max_results</c> defaults and bounds of the registry searches (spec <c>mlflow-rest.md</c> §5).</summary>
public static class RegistrySearchLimits
{
    /// <summary>The default page size of <see cref="IModelRegistryStore.SearchRegisteredModelsAsync"/>: 100.</summary>
    public const int DefaultModelsMaxResults = 100;

    /// <summary>The largest page of <see cref="IModelRegistryStore.SearchRegisteredModelsAsync"/>: 1000.</summary>
    public const int MaxModelsMaxResults = 1000;

    /// <summary>The default page size of <see cref="IModelRegistryStore.SearchModelVersionsAsync"/> (MLflow's proto default): 200,000.</summary>
    public const int DefaultVersionsMaxResults = 200_000;

    /// <summary>The largest page of <see cref="IModelRegistryStore.SearchModelVersionsAsync"/>: 200,000.</summary>
    public const int MaxVersionsMaxResults = 200_000;
}
