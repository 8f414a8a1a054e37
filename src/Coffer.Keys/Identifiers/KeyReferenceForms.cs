namespace Coffer.Keys.Identifiers;

/// <summary>The forms in which a client may name a KMS key; an operation allows a combination of them.</summary>
[Flags]
public enum KeyReferenceForms
{
    /// <summary>No form.</summary>
    None = 0,

    /// <summary>A key id: a lowercase UUID, or <c>mrk-</c> and 32 lowercase hex digits.</summary>
    KeyId = 1,

    /// <summary>A key ARN: <c>arn:aws:kms:&lt;region&gt;:&lt;account&gt;:key/&lt;key id&gt;</c>.</summary>
    KeyArn = 2,

    /// <summary>An alias name: <c>alias/&lt;name&gt;</c>.</summary>
    AliasName = 4,

    /// <summary>An alias ARN: <c>arn:aws:kms:&lt;region&gt;:&lt;account&gt;:alias/&lt;name&gt;</c>.</summary>
    AliasArn = 8,

    /// <summary>Key id or key ARN: what management, grant, policy, rotation and tag operations accept.</summary>
    IdOrArn = KeyId | KeyArn,

    /// <summary>All four forms: what DescribeKey and the cryptographic operations accept.</summary>
    Any = KeyId | KeyArn | AliasName | AliasArn,
}
