namespace Coffer.Clusters;

/// <summary>A cluster's master user secret as DescribeDBClusters reports it: the secret's ARN and its KMS key's ARN.</summary>
/// <param name="SecretArn">The secret's ARN.</param>
/// <param name="KmsKeyArn">The ARN of the KMS key the secret's value is encrypted under.</param>
public sealed record MasterUserSecret(string SecretArn, string KmsKeyArn);
