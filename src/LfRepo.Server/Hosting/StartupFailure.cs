using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace LfRepo.Server.Hosting;

/// <summary>
/// A start-up that fails (port in use, unreadable seed, a store from a newer LfRepo) ends with one line on stderr
/// and exit code 1 instead of a stack trace; a throwaway store (<c>--in-memory</c>) is removed on the way out.
/// </summary>
public static class StartupFailure
{
    public const int ExitCode = 1;

    private static WebApplication? _app;

    /// <summary>Turns an exception escaping the program into the one line. Only for the real process, not test hosts.</summary>
    public static void ReportInsteadOfCrashing()
    {
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            Console.Error.WriteLine($"LfRepo could not start: {Describe((Exception)e.ExceptionObject)}");
            try
            {
                _app?.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(5));
            }
            catch (Exception)
            {
                // Best effort: the process ends anyway.
            }
            Environment.Exit(ExitCode);
        };
    }

    /// <summary>The application whose services (the throwaway store) are disposed when the start fails.</summary>
    public static WebApplication Watch(WebApplication app)
    {
        _app = app;
        return app;
    }

    /// <summary>The cause in the user's terms, one line.</summary>
    public static string Describe(Exception exception)
    {
        var ex = exception;
        while (ex is AggregateException { InnerException: { } inner })
        {
            ex = inner;
        }
        if (ex is IOException { InnerException: SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } } || ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            return $"{ex.Message.TrimEnd('.')}. Another program holds the port: stop it, or choose another with --urls http://127.0.0.1:PORT.";
        }
        if (ex is OptionsValidationException validation)
        {
            return string.Join(" ", validation.Failures);
        }
        var message = ex.Message;
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            message += " " + inner.Message;
        }
        return message.ReplaceLineEndings(" ");
    }
}
