using Coffer.Primitives;

namespace Coffer.Protocols.AwsQuery;

/// <summary>The common errors of every AWS Query service, with AWS's codes.</summary>
public static class QueryErrors
{
    /// <summary>A required parameter is absent.</summary>
    public static AwsServiceException MissingParameter(string name) =>
        new("MissingParameter", $"The request must contain the parameter {name}.");

    /// <summary>A parameter's value is not acceptable.</summary>
    public static AwsServiceException InvalidParameterValue(string message) => new("InvalidParameterValue", message);

    /// <summary>Parameters that cannot be used together.</summary>
    public static AwsServiceException InvalidParameterCombination(string message) => new("InvalidParameterCombination", message);

    /// <summary>The request names no action.</summary>
    public static AwsServiceException MissingAction() =>
        new("MissingAction", "The request must contain the parameter Action.");

    /// <summary>The action is not one this service implements, for this API version.</summary>
    public static AwsServiceException InvalidAction(string action, string? version) =>
        new("InvalidAction", version is null
            ? $"Could not find operation {action}."
            : $"Could not find operation {action} for version {version}.");

    /// <summary>The form body or query string is not valid form encoding, or repeats a parameter.</summary>
    public static AwsServiceException MalformedQueryString(string message) => new("MalformedQueryString", message);
}
