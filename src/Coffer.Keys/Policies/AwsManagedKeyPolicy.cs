using System.Text.Json.Nodes;
using Coffer.Primitives;

namespace Coffer.Keys.Policies;

/// <summary>
/// The policy of an AWS managed key (<c>alias/aws/&lt;service&gt;</c>): usable only through the service, by the key's
/// own account, plus read-only metadata access for the account.
/// </summary>
/// <remarks>
/// The statements are the ones observed on real <c>aws/rds</c> keys (Id <c>auto-rds-2</c>), and the EBS statement in
/// the KMS developer guide (conditions-kms) has the same shape. Other services are assumed to follow the pattern:
/// Id <c>auto-&lt;service&gt;-2</c>, the service's display name in the Sid and its endpoint in <c>kms:ViaService</c>.
/// </remarks>
public static class AwsManagedKeyPolicy
{
    /// <summary>The Sid of the statement that gives the account read access to the key's metadata.</summary>
    public const string MetadataStatementSid = "Allow direct access to key metadata to the account";

    private static readonly Dictionary<string, (string DisplayName, string EndpointPrefix)> KnownServices =
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["rds"] = ("RDS", "rds"),
            ["ebs"] = ("EBS", "ec2"),
            ["s3"] = ("S3", "s3"),
            ["sns"] = ("SNS", "sns"),
            ["sqs"] = ("SQS", "sqs"),
            ["secretsmanager"] = ("Secrets Manager", "secretsmanager"),
        };

    /// <summary>The Sid of the via-service statement, such as "Allow access through RDS for all principals …".</summary>
    public static string ViaServiceStatementSid(string serviceName)
    {
        var displayName = Describe(serviceName).DisplayName;
        return $"Allow access through {displayName} for all principals in the account that are authorized to use {displayName}";
    }

    /// <summary>The endpoint the service calls KMS from, used in <c>kms:ViaService</c>: <c>rds.us-east-1.amazonaws.com</c>.</summary>
    public static string ViaServiceFor(string serviceName, string region) => $"{Describe(serviceName).EndpointPrefix}.{region}.amazonaws.com";

    /// <summary>The policy document of the AWS managed key for <paramref name="serviceName"/> (<c>rds</c>) in an account and region.</summary>
    public static string For(AccountId account, string serviceName, string region)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceName);
        ArgumentException.ThrowIfNullOrEmpty(region);
        var document = new JsonObject
        {
            ["Version"] = KeyPolicy.Version2012,
            ["Id"] = $"auto-{serviceName.ToLowerInvariant()}-2",
            ["Statement"] = new JsonArray(
                new JsonObject
                {
                    ["Sid"] = ViaServiceStatementSid(serviceName),
                    ["Effect"] = "Allow",
                    ["Principal"] = new JsonObject { ["AWS"] = "*" },
                    ["Action"] = new JsonArray(
                        "kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:ListGrants", "kms:DescribeKey"),
                    ["Resource"] = "*",
                    ["Condition"] = new JsonObject
                    {
                        ["StringEquals"] = new JsonObject
                        {
                            [ConditionKeys.CallerAccount] = account.Value,
                            [ConditionKeys.ViaService] = ViaServiceFor(serviceName, region),
                        },
                    },
                },
                new JsonObject
                {
                    ["Sid"] = MetadataStatementSid,
                    ["Effect"] = "Allow",
                    ["Principal"] = new JsonObject { ["AWS"] = $"arn:aws:iam::{account.Value}:root" },
                    ["Action"] = new JsonArray("kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant"),
                    ["Resource"] = "*",
                }),
        };
        return PolicyJsonPrinter.Print(document);
    }

    private static (string DisplayName, string EndpointPrefix) Describe(string serviceName) =>
        KnownServices.TryGetValue(serviceName, out var known) ? known : (serviceName.ToUpperInvariant(), serviceName.ToLowerInvariant());
}
