using System.Diagnostics.CodeAnalysis;

namespace Coffer.Primitives;

/// <summary>
/// An Amazon Resource Name: <c>arn:partition:service:region:account:resource</c>.
/// Region and account may be empty (IAM ARNs have no region).
/// </summary>
public sealed record Arn(string Partition, string Service, string Region, string Account, string Resource)
{
    /// <summary>The partition Coffer uses for every ARN it mints.</summary>
    public const string AwsPartition = "aws";

    /// <summary>Parses an ARN; the resource part may itself contain colons.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out Arn? arn)
    {
        arn = null;
        if (text is null || !text.StartsWith("arn:", StringComparison.Ordinal))
        {
            return false;
        }

        var parts = text.Split(':', 6);
        if (parts.Length != 6 || parts[1].Length == 0 || parts[2].Length == 0 || parts[5].Length == 0)
        {
            return false;
        }

        arn = new Arn(parts[1], parts[2], parts[3], parts[4], parts[5]);
        return true;
    }

    /// <summary>An ARN in the <c>aws</c> partition.</summary>
    public static Arn Create(string service, string region, AccountId account, string resource) =>
        new(AwsPartition, service, region, account.Value, resource);

    /// <inheritdoc />
    public override string ToString() => $"arn:{Partition}:{Service}:{Region}:{Account}:{Resource}";
}
