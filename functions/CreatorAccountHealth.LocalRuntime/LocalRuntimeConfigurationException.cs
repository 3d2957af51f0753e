namespace CreatorAccountHealth.LocalRuntime;

/// <summary>
/// The local runtime cannot start as configured: a bad argument, settings file, timer schedule or function signature.
/// The message says what to fix, so it is shown without a stack trace.
/// </summary>
public sealed class LocalRuntimeConfigurationException(string message, Exception? innerException = null)
    : Exception(message, innerException);
