namespace Coffer.Keys;

/// <summary>Who manages a key: the customer, or AWS (the <c>alias/aws/*</c> keys services create lazily).</summary>
public enum KeyManagerType
{
    /// <summary>A customer managed key.</summary>
    Customer,

    /// <summary>An AWS managed key.</summary>
    Aws,
}
