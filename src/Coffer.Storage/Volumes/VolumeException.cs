namespace Coffer.Storage.Volumes;

/// <summary>A volume cannot be used: its message names the volume and says what is wrong.</summary>
public class VolumeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public VolumeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public VolumeException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
