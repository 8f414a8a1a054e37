namespace Coffer.Keys.Store;

/// <summary>What changed about a key: its new state, its deletion (<see cref="State"/> null), or a removed grant.</summary>
/// <param name="KeyId">The key.</param>
/// <param name="KeyArn">The key's ARN (null once deleted).</param>
/// <param name="State">The key's state now; <see langword="null"/> when the key was deleted.</param>
/// <param name="RemovedGrantId">The grant that was retired or revoked, if that is the change.</param>
public sealed record KeyStoreChange(Guid KeyId, string? KeyArn, KeyState? State, string? RemovedGrantId);
