namespace Coffer.Data.DataApi;

/// <summary>Which member of the Data API's <c>Field</c> union a value is.</summary>
#pragma warning disable CA1720 // The members are the wire's union member names.
public enum FieldKind
{
    /// <summary><c>isNull: true</c>.</summary>
    Null,

    /// <summary><c>booleanValue</c>.</summary>
    Boolean,

    /// <summary><c>longValue</c>.</summary>
    Long,

    /// <summary><c>doubleValue</c>.</summary>
    Double,

    /// <summary><c>stringValue</c>.</summary>
    String,

    /// <summary><c>blobValue</c> (base64 on the wire).</summary>
    Blob,

    /// <summary><c>arrayValue</c>: accepted on the wire, refused as a parameter (SQLite has no arrays).</summary>
    Array,
}
#pragma warning restore CA1720
