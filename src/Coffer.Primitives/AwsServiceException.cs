namespace Coffer.Primitives;

/// <summary>
/// An error that is reported to the client in the shape of the called service's protocol.
/// Each service has a catalog of factory methods producing these; the host writes them to the wire once, at the edge.
/// </summary>
public class AwsServiceException : Exception
{
    /// <summary>Creates an error with AWS's exact code spelling, a message a person can act on, and its HTTP status.</summary>
    public AwsServiceException(string code, string message, int httpStatus = 400)
        : base(message)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        ArgumentOutOfRangeException.ThrowIfLessThan(httpStatus, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(httpStatus, 599);
        Code = code;
        HttpStatus = httpStatus;
    }

    /// <summary>The error code, exactly as AWS spells it on the wire (<c>NotFoundException</c>, <c>DBInstanceNotFound</c>).</summary>
    public string Code { get; }

    /// <summary>The HTTP status code of the response.</summary>
    public int HttpStatus { get; }

    /// <summary><see langword="true"/> when the client caused the error (4xx): AWS's <c>Sender</c> fault type.</summary>
    public bool IsSenderFault => HttpStatus < 500;
}
