namespace Coffer.Data.Secrets;

/// <summary>
/// One ListSecrets filter: a secret matches when any of <paramref name="Values"/> matches the attribute
/// <paramref name="Key"/> names. Values are prefixes; a leading <c>!</c> negates one.
/// </summary>
/// <param name="Key"><c>name</c>, <c>description</c>, <c>tag-key</c>, <c>tag-value</c>, <c>owning-service</c>, <c>primary-region</c> or <c>all</c>.</param>
/// <param name="Values">1–10 values.</param>
public sealed record SecretFilter(string Key, IReadOnlyList<string> Values)
{
    /// <summary>Whether <paramref name="secret"/> matches.</summary>
    public bool Matches(Secret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        foreach (var raw in Values)
        {
            var negated = raw.StartsWith('!');
            var value = negated ? raw[1..] : raw;
            if (MatchesValue(secret, value) != negated)
            {
                return true;
            }
        }

        return false;
    }

    private bool MatchesValue(Secret secret, string value) => Key switch
    {
        "name" => secret.Name.StartsWith(value, StringComparison.Ordinal),
        "description" => secret.Description?.StartsWith(value, StringComparison.OrdinalIgnoreCase) == true,
        "tag-key" => secret.Tags.Any(t => t.Key.StartsWith(value, StringComparison.Ordinal)),
        "tag-value" => secret.Tags.Any(t => t.Value.StartsWith(value, StringComparison.Ordinal)),
        "owning-service" => secret.OwningService?.StartsWith(value, StringComparison.Ordinal) == true,
        "primary-region" => false,
        "all" => value.Split(' ', StringSplitOptions.RemoveEmptyEntries).All(word => AllAttributes(secret).Any(a => a.StartsWith(word, StringComparison.OrdinalIgnoreCase))),
        _ => false,
    };

    private static IEnumerable<string> AllAttributes(Secret secret)
    {
        yield return secret.Name;
        if (secret.Description is { } description)
        {
            foreach (var word in description.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                yield return word;
            }
        }

        foreach (var tag in secret.Tags)
        {
            yield return tag.Key;
            yield return tag.Value;
        }

        if (secret.OwningService is { } owner)
        {
            yield return owner;
        }
    }
}
