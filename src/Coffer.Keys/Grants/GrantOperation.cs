namespace Coffer.Keys.Grants;

/// <summary>The operations a grant can allow, with AWS's names (the wire spelling is the member name).</summary>
public enum GrantOperation
{
    /// <summary>Decrypt.</summary>
    Decrypt,

    /// <summary>Encrypt.</summary>
    Encrypt,

    /// <summary>GenerateDataKey.</summary>
    GenerateDataKey,

    /// <summary>GenerateDataKeyWithoutPlaintext.</summary>
    GenerateDataKeyWithoutPlaintext,

    /// <summary>The source half of ReEncrypt.</summary>
    ReEncryptFrom,

    /// <summary>The destination half of ReEncrypt.</summary>
    ReEncryptTo,

    /// <summary>Sign (asymmetric signing keys).</summary>
    Sign,

    /// <summary>Verify (asymmetric signing keys).</summary>
    Verify,

    /// <summary>GetPublicKey (asymmetric keys).</summary>
    GetPublicKey,

    /// <summary>CreateGrant: lets the grantee create grants with equal or narrower permissions.</summary>
    CreateGrant,

    /// <summary>RetireGrant.</summary>
    RetireGrant,

    /// <summary>DescribeKey.</summary>
    DescribeKey,

    /// <summary>GenerateDataKeyPair.</summary>
    GenerateDataKeyPair,

    /// <summary>GenerateDataKeyPairWithoutPlaintext.</summary>
    GenerateDataKeyPairWithoutPlaintext,

    /// <summary>GenerateMac (HMAC keys).</summary>
    GenerateMac,

    /// <summary>VerifyMac (HMAC keys).</summary>
    VerifyMac,

    /// <summary>DeriveSharedSecret (ECDH key agreement keys).</summary>
    DeriveSharedSecret,
}
