using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace Coffer.Keys.Policies;

/// <summary>
/// Turns a policy document into a <see cref="KeyPolicy"/>, refusing what KMS refuses. Failures are expected input,
/// so they come back as a message rather than an exception.
/// </summary>
internal static class KeyPolicyParser
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    public static bool TryParse(string? text, [NotNullWhen(true)] out KeyPolicy? policy, [NotNullWhen(false)] out string? error)
    {
        policy = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = PolicyMessages.InvalidJson;
            return false;
        }

        if (Encoding.UTF8.GetByteCount(text) > KeyPolicy.MaxSizeInBytes)
        {
            error = PolicyMessages.TooLarge;
            return false;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, DocumentOptions);
        }
        catch (JsonException)
        {
            error = PolicyMessages.InvalidJson;
            return false;
        }

        using (document)
        {
            try
            {
                policy = ParseDocument(text, document.RootElement);
                error = null;
                return true;
            }
            catch (PolicyDocumentException ex)
            {
                error = ex.Message;
                return false;
            }
        }
    }

    private static KeyPolicy ParseDocument(string text, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyDocumentException(PolicyMessages.InvalidJson);
        }

        var version = KeyPolicy.Version2008;
        string? id = null;
        JsonElement? statementElement = null;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "Version":
                    version = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : string.Empty;
                    if (version is not (KeyPolicy.Version2012 or KeyPolicy.Version2008))
                    {
                        throw new PolicyDocumentException(PolicyMessages.InvalidVersion);
                    }

                    break;
                case "Id":
                    id = property.Value.ValueKind == JsonValueKind.String
                        ? property.Value.GetString()
                        : throw new PolicyDocumentException(PolicyMessages.InvalidJson);
                    break;
                case "Statement":
                    statementElement = property.Value;
                    break;
                default:
                    throw new PolicyDocumentException(PolicyMessages.UnknownElement + property.Name);
            }
        }

        var statements = new List<PolicyStatement>();
        switch (statementElement)
        {
            case { ValueKind: JsonValueKind.Object } single:
                statements.Add(ParseStatement(single));
                break;
            case { ValueKind: JsonValueKind.Array } many:
                foreach (var item in many.EnumerateArray())
                {
                    statements.Add(item.ValueKind == JsonValueKind.Object
                        ? ParseStatement(item)
                        : throw new PolicyDocumentException(PolicyMessages.MissingStatement));
                }

                break;
            default:
                break;
        }

        if (statements.Count == 0)
        {
            throw new PolicyDocumentException(PolicyMessages.MissingStatement);
        }

        return new KeyPolicy(text, version, id, statements);
    }

    private static PolicyStatement ParseStatement(JsonElement statement)
    {
        string? sid = null;
        PolicyEffect? effect = null;
        PolicyPrincipal? principal = null;
        IReadOnlyList<string>? actions = null;
        var isNotAction = false;
        IReadOnlyList<string>? resources = null;
        var isNotResource = false;
        IReadOnlyList<PolicyCondition> conditions = [];
        foreach (var property in statement.EnumerateObject())
        {
            switch (property.Name)
            {
                case "Sid":
                    sid = property.Value.ValueKind == JsonValueKind.String
                        ? property.Value.GetString()
                        : throw new PolicyDocumentException(PolicyMessages.InvalidJson);
                    break;
                case "Effect":
                    effect = property.Value.ValueKind == JsonValueKind.String
                        ? property.Value.GetString() switch
                        {
                            "Allow" => PolicyEffect.Allow,
                            "Deny" => PolicyEffect.Deny,
                            _ => throw new PolicyDocumentException(PolicyMessages.InvalidEffect),
                        }
                        : throw new PolicyDocumentException(PolicyMessages.InvalidEffect);
                    break;
                case "Principal":
                    principal = ParsePrincipal(property.Value);
                    break;
                case "NotPrincipal":
                    throw new PolicyDocumentException(PolicyMessages.NotPrincipalUnsupported);
                case "Action" or "NotAction":
                    if (actions is not null)
                    {
                        throw new PolicyDocumentException(PolicyMessages.MissingAction);
                    }

                    actions = ReadStrings(property.Value, PolicyMessages.InvalidAction);
                    isNotAction = property.Name == "NotAction";
                    if (actions.Count == 0 || !actions.All(IsKmsAction))
                    {
                        throw new PolicyDocumentException(PolicyMessages.InvalidAction);
                    }

                    break;
                case "Resource" or "NotResource":
                    if (resources is not null)
                    {
                        throw new PolicyDocumentException(PolicyMessages.MissingResource);
                    }

                    resources = ReadStrings(property.Value, PolicyMessages.MissingResource);
                    isNotResource = property.Name == "NotResource";
                    if (resources.Count == 0 || resources.Any(string.IsNullOrEmpty))
                    {
                        throw new PolicyDocumentException(PolicyMessages.MissingResource);
                    }

                    break;
                case "Condition":
                    conditions = ConditionParser.Parse(property.Value);
                    break;
                default:
                    throw new PolicyDocumentException(PolicyMessages.UnknownElement + property.Name);
            }
        }

        return new PolicyStatement(
            sid,
            effect ?? throw new PolicyDocumentException(PolicyMessages.InvalidEffect),
            principal ?? throw new PolicyDocumentException(PolicyMessages.MissingPrincipal),
            actions ?? throw new PolicyDocumentException(PolicyMessages.MissingAction),
            isNotAction,
            resources ?? throw new PolicyDocumentException(PolicyMessages.MissingResource),
            isNotResource,
            conditions);
    }

    private static bool IsKmsAction(string action) =>
        action == "*" || (action.Length > 4 && action.StartsWith("kms:", StringComparison.OrdinalIgnoreCase));

    private static PolicyPrincipal ParsePrincipal(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            return element.GetString() == "*"
                ? new PolicyPrincipal(true, ["*"], [])
                : throw new PolicyDocumentException(PolicyMessages.InvalidPrincipals);
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyDocumentException(PolicyMessages.InvalidPrincipals);
        }

        IReadOnlyList<string> aws = [];
        IReadOnlyList<string> services = [];
        foreach (var property in element.EnumerateObject())
        {
            switch (property.Name)
            {
                case "AWS":
                    aws = ReadStrings(property.Value, PolicyMessages.InvalidPrincipals);
                    if (aws.Count == 0 || !aws.All(PrincipalMatcher.IsValidAwsPrincipal))
                    {
                        throw new PolicyDocumentException(PolicyMessages.InvalidPrincipals);
                    }

                    break;
                case "Service":
                    services = ReadStrings(property.Value, PolicyMessages.InvalidPrincipals);
                    if (services.Count == 0 || !services.All(PrincipalMatcher.IsValidServicePrincipal))
                    {
                        throw new PolicyDocumentException(PolicyMessages.InvalidPrincipals);
                    }

                    break;
                default:
                    throw new PolicyDocumentException(PolicyMessages.InvalidPrincipals);
            }
        }

        if (aws.Count == 0 && services.Count == 0)
        {
            throw new PolicyDocumentException(PolicyMessages.InvalidPrincipals);
        }

        return new PolicyPrincipal(aws.Contains("*"), aws, services);
    }

    /// <summary>Reads a string or an array of strings; anything else fails with <paramref name="message"/>.</summary>
    internal static IReadOnlyList<string> ReadStrings(JsonElement element, string message)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return [element.GetString()!];
            case JsonValueKind.Array:
                var values = new List<string>(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    values.Add(item.ValueKind == JsonValueKind.String
                        ? item.GetString()!
                        : throw new PolicyDocumentException(message));
                }

                return values;
            default:
                throw new PolicyDocumentException(message);
        }
    }
}
