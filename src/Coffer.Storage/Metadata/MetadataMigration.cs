namespace Coffer.Storage.Metadata;

/// <summary>
/// One schema step of one component. Versions start at 1 and grow by one; a migration, once released, never changes.
/// </summary>
/// <param name="Component">The owning component, e.g. <c>accounts</c>.</param>
/// <param name="Version">The step number within the component.</param>
/// <param name="Description">What the step does, for the migrations table.</param>
/// <param name="Sql">The statements to run, in one transaction.</param>
public sealed record MetadataMigration(string Component, int Version, string Description, string Sql);
