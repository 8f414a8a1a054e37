namespace Coffer.Keys;

/// <summary>
/// A KMS key's state, AWS's full enum. Without imported material, custom key stores or multi-Region replicas only
/// <see cref="Enabled"/>, <see cref="Disabled"/> and <see cref="PendingDeletion"/> occur; the others are modelled so
/// that the state table covers them.
/// </summary>
public enum KeyState
{
    /// <summary>Being created.</summary>
    Creating,

    /// <summary>Usable.</summary>
    Enabled,

    /// <summary>Disabled: cryptographic operations fail with <c>DisabledException</c>.</summary>
    Disabled,

    /// <summary>Scheduled for deletion: cryptographic operations fail with <c>KMSInvalidStateException</c>.</summary>
    PendingDeletion,

    /// <summary>Waiting for imported key material.</summary>
    PendingImport,

    /// <summary>A multi-Region replica scheduled for deletion.</summary>
    PendingReplicaDeletion,

    /// <summary>Its custom key store is disconnected.</summary>
    Unavailable,

    /// <summary>Being updated.</summary>
    Updating,
}
