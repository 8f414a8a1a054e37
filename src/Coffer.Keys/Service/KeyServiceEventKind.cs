namespace Coffer.Keys.Service;

/// <summary>The service events, named as CloudTrail names them.</summary>
public enum KeyServiceEventKind
{
    /// <summary>Automatic rotation gave the key new material.</summary>
    RotateKey,

    /// <summary>The waiting period ended and the key was deleted with its material.</summary>
    DeleteKey,
}
