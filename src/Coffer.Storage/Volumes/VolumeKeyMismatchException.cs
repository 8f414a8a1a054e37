namespace Coffer.Storage.Volumes;

/// <summary>The data key given to open a volume is not the one it was created with (or its manifest was altered).</summary>
public sealed class VolumeKeyMismatchException(string volume)
    : VolumeException($"The data key does not match volume {volume}: it was created with another key, or its manifest was altered.");
