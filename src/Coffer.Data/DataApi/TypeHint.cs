namespace Coffer.Data.DataApi;

/// <summary>A parameter's <c>typeHint</c>: how a <c>stringValue</c> is to be read before it is bound.</summary>
#pragma warning disable CA1720 // The members are the wire's typeHint values.
public enum TypeHint
{
    /// <summary>No hint: the value is bound as its own type.</summary>
    None,

    /// <summary>A JSON document (validated, bound as text).</summary>
    Json,

    /// <summary>A UUID (validated, bound in its canonical lower-case form).</summary>
    Uuid,

    /// <summary><c>YYYY-MM-DD HH:MM:SS[.FFFFFFFFF]</c> (validated, bound as text).</summary>
    Timestamp,

    /// <summary><c>YYYY-MM-DD</c> (validated, bound as text).</summary>
    Date,

    /// <summary><c>HH:MM:SS[.FFFFFFFFF]</c> (validated, bound as text).</summary>
    Time,

    /// <summary>An exact decimal number (validated, bound as text so that NUMERIC affinity keeps every digit it can).</summary>
    Decimal,
}
#pragma warning restore CA1720
