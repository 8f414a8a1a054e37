namespace Coffer.Clusters;

/// <summary>The DB instance states Coffer uses, spelled as RDS spells them.</summary>
public static class InstanceStatus
{
#pragma warning disable CS1591 // The names are the states.
    public const string Creating = "creating";
    public const string Available = "available";
    public const string Rebooting = "rebooting";
    public const string Deleting = "deleting";
#pragma warning restore CS1591
}
