namespace Coffer.Storage.Archives;

/// <summary>No object has the name asked for.</summary>
public sealed class ArchiveNotFoundException(string name) : Exception($"There is no archive object named '{name}'.")
{
    /// <summary>The name asked for.</summary>
    public string Name { get; } = name;
}
