namespace Coffer.Clusters;

/// <summary>The DB cluster states Coffer uses, spelled as RDS spells them.</summary>
public static class ClusterStatus
{
#pragma warning disable CS1591 // The names are the states.
    public const string Creating = "creating";
    public const string Available = "available";
    public const string Modifying = "modifying";
    public const string BackingUp = "backing-up";
    public const string Stopping = "stopping";
    public const string Stopped = "stopped";
    public const string Starting = "starting";
    public const string Deleting = "deleting";
    public const string InaccessibleRecoverable = "inaccessible-encryption-credentials-recoverable";
    public const string Inaccessible = "inaccessible-encryption-credentials";
    public const string IncompatibleRestore = "incompatible-restore";
#pragma warning restore CS1591
}
