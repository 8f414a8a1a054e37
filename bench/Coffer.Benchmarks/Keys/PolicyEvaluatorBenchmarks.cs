using BenchmarkDotNet.Attributes;
using Coffer.Keys.Policies;
using Coffer.Primitives;

namespace Coffer.Benchmarks.Keys;

/// <summary>
/// One key-policy decision for a Decrypt, on a parsed policy (the key service caches the parse per key): the default
/// policy (delegation to the account root), and a policy whose allowing statement has conditions on the caller
/// account, an encryption-context key and <c>kms:GrantIsForAWSResource</c>, after a Deny that does not apply.
/// </summary>
[MemoryDiagnoser]
public class PolicyEvaluatorBenchmarks
{
    private const string Account = "111122223333";
    private const string KeyArn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private static readonly string ConditionalPolicy = $$$$"""
        {"Version":"2012-10-17","Statement":[
          {"Sid":"Root","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{{{Account}}}}:root"},"Action":["kms:Create*","kms:Put*","kms:Describe*"],"Resource":"*"},
          {"Sid":"DenyOthers","Effect":"Deny","Principal":"*","Action":"kms:Decrypt","Resource":"*",
           "Condition":{"StringNotEquals":{"kms:CallerAccount":"{{{{Account}}}}"}}},
          {"Sid":"App","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::{{{{Account}}}}:user/admin","arn:aws:iam::{{{{Account}}}}:role/app"]},
           "Action":["kms:Encrypt","kms:Decrypt","kms:GenerateDataKey*"],"Resource":"*",
           "Condition":{"StringEquals":{"kms:CallerAccount":"{{{{Account}}}}"},"StringLike":{"kms:EncryptionContext:aws:rds:db-id":"cluster-*"},
                        "Bool":{"kms:GrantIsForAWSResource":"false"}}}]}
        """;

    private readonly KeyPolicy _default = KeyPolicy.Parse(DefaultKeyPolicy.For(AccountId.Parse(Account)));
    private readonly KeyPolicy _conditional = KeyPolicy.Parse(ConditionalPolicy);
    private readonly PolicyRequest _request = new()
    {
        CallerAccount = AccountId.Parse(Account),
        PrincipalArn = $"arn:aws:iam::{Account}:user/admin",
        Action = "kms:Decrypt",
        KeyArn = KeyArn,
        KeyAccount = AccountId.Parse(Account),
        EncryptionContext = new Dictionary<string, string>(StringComparer.Ordinal) { ["aws:rds:db-id"] = "cluster-1" },
        GrantIsForAwsResource = false,
    };

    [GlobalSetup]
    public void Setup()
    {
        if (!DefaultPolicy() || !PolicyWithConditions())
        {
            throw new InvalidOperationException("The benchmark request is not allowed.");
        }
    }

    [Benchmark(Baseline = true, Description = "default policy (key-default-1)")]
    public bool DefaultPolicy() => PolicyEvaluator.Evaluate(_default, _request).Allowed;

    [Benchmark(Description = "policy with a Deny and conditions")]
    public bool PolicyWithConditions() => PolicyEvaluator.Evaluate(_conditional, _request).Allowed;
}
