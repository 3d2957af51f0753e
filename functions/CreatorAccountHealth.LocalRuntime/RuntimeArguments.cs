using System.Globalization;

namespace CreatorAccountHealth.LocalRuntime;

/// <summary>
/// The <c>func start</c> arguments the local runtime understands: <c>--port N</c>, <c>--settings PATH</c> and
/// <c>--functions A B ...</c>. Everything else goes on to ASP.NET Core (<c>--urls</c>, <c>--environment</c>, ...).
/// </summary>
internal sealed record RuntimeArguments(int? Port, string? SettingsPath, IReadOnlyList<string>? Functions, string[] Remaining)
{
    public static RuntimeArguments Parse(IReadOnlyList<string> args)
    {
        int? port = null;
        string? settingsPath = null;
        List<string>? functions = null;
        var remaining = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--port" or "-p":
                    var text = ValueOf(args, ref i);
                    port = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is > 0 and <= 65535
                        ? number
                        : throw new LocalRuntimeConfigurationException($"--port expects a port number from 1 to 65535, not '{text}'.");
                    break;
                case "--settings":
                    settingsPath = ValueOf(args, ref i);
                    break;
                case "--functions":
                    functions = [];
                    while (i + 1 < args.Count && !args[i + 1].StartsWith('-'))
                    {
                        functions.Add(args[++i]);
                    }

                    if (functions.Count == 0)
                    {
                        throw new LocalRuntimeConfigurationException("--functions expects one or more function names.");
                    }

                    break;
                default:
                    remaining.Add(args[i]);
                    break;
            }
        }

        return new RuntimeArguments(port, settingsPath, functions, [.. remaining]);
    }

    private static string ValueOf(IReadOnlyList<string> args, ref int i) =>
        i + 1 < args.Count ? args[++i] : throw new LocalRuntimeConfigurationException($"{args[i]} expects a value.");
}
