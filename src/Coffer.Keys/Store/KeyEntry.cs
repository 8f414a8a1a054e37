using System.Collections.Immutable;

namespace Coffer.Keys.Store;

/// <summary>Everything the store holds for one key, as immutable snapshots that a write replaces whole.</summary>
public sealed class KeyEntry
{
    private KmsKey _key;
    private ImmutableArray<KmsKeyMaterial> _materials;
    private ImmutableList<KmsGrant> _grants;
    private ImmutableSortedDictionary<string, string> _tags;

    internal KeyEntry(KmsKey key, ImmutableArray<KmsKeyMaterial> materials, ImmutableList<KmsGrant> grants, ImmutableSortedDictionary<string, string> tags)
    {
        _key = key;
        _materials = materials;
        _grants = grants;
        _tags = tags;
    }

    /// <summary>The key's metadata.</summary>
    public KmsKey Key { get => Volatile.Read(ref _key); internal set => Volatile.Write(ref _key, value); }

    /// <summary>Its material generations, oldest first.</summary>
    public ImmutableArray<KmsKeyMaterial> Materials { get => _materials; internal set => _materials = value; }

    /// <summary>Its grants, oldest first.</summary>
    public ImmutableList<KmsGrant> Grants { get => Volatile.Read(ref _grants); internal set => Volatile.Write(ref _grants, value); }

    /// <summary>Its tags, by key in ordinal order.</summary>
    public ImmutableSortedDictionary<string, string> Tags { get => Volatile.Read(ref _tags); internal set => Volatile.Write(ref _tags, value); }
}
