namespace Coffer.Server.Hosting;

/// <summary>The server or a command cannot start; the message is one line saying why and what to do.</summary>
internal sealed class CofferStartupException(string message) : Exception(message);
