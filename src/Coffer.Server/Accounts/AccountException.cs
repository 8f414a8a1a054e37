namespace Coffer.Server.Accounts;

/// <summary>An account command that cannot be carried out (a taken or invalid name); the message says why.</summary>
internal sealed class AccountException(string message) : Exception(message);
