namespace Coffer.Storage.Metadata;

/// <summary>The metadata store cannot be used as it is (written by a newer version, unreadable, …).</summary>
public sealed class MetadataStoreException : Exception
{
    /// <summary>Creates the exception with a message that says what to do.</summary>
    public MetadataStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public MetadataStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
