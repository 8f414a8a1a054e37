namespace Coffer.Clusters;

/// <summary>
/// The DB instance classes Coffer offers for its sqlite clusters. A class only names a size (Coffer runs every instance
/// in-process); db.t2.micro is kept because it is the class AWS refuses for encrypted storage.
/// </summary>
public static class InstanceClasses
{
    /// <summary>The class that does not support encryption at rest.</summary>
    public const string Unencryptable = "db.t2.micro";

    /// <summary>Every supported class, in DescribeOrderableDBInstanceOptions order.</summary>
    public static IReadOnlyList<string> All { get; } = ["db.t2.micro", "db.t3.medium", "db.r5.large", "db.r6g.large"];

    /// <summary>Whether the class supports encryption at rest.</summary>
    public static bool SupportsStorageEncryption(string instanceClass) => !string.Equals(instanceClass, Unencryptable, StringComparison.Ordinal);
}
