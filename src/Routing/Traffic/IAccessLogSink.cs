using Microsoft.Extensions.Logging;

namespace Routing.Traffic;

/// <summary>Where a stage's access-log lines go (API Gateway writes them to a CloudWatch log group).</summary>
public interface IAccessLogSink
{
    /// <summary>Writes one request's line. Called once per request, after the answer is ready; must not throw.</summary>
    /// <param name="stage">The stage that served the request.</param>
    /// <param name="destinationArn">The stage's <c>destinationArn</c>, or <see langword="null"/>.</param>
    /// <param name="line">The line, without a line break.</param>
    void Write(string stage, string? destinationArn, string line);
}

/// <summary>Writes access-log lines to an <see cref="ILogger"/> (category <c>Routing.AccessLogs</c>, event 400, Information), the line as the message.</summary>
public sealed partial class LoggerAccessLogSink : IAccessLogSink
{
    /// <summary>The log category.</summary>
    public const string Category = "Routing.AccessLogs";

    private readonly ILogger _log;

    /// <summary>Creates the sink.</summary>
    /// <param name="loggerFactory">The host's logger factory.</param>
    public LoggerAccessLogSink(ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _log = loggerFactory.CreateLogger(Category);
    }

    /// <inheritdoc />
    public void Write(string stage, string? destinationArn, string line) => Line(_log, line);

    [LoggerMessage(400, LogLevel.Information, "{Line}")]
    private static partial void Line(ILogger logger, string line);
}

/// <summary>Appends access-log lines to a file, one per request, each flushed as it is written. Thread-safe.</summary>
public sealed class FileAccessLogSink : IAccessLogSink, IDisposable
{
    private readonly Lock _gate = new();
    private readonly StreamWriter _writer;

    /// <summary>Opens (or creates) the file for appending.</summary>
    /// <param name="path">The file.</param>
    public FileAccessLogSink(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true, NewLine = "\n" };
    }

    /// <inheritdoc />
    public void Write(string stage, string? destinationArn, string line)
    {
        lock (_gate)
        {
            _writer.WriteLine(line);
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _writer.Dispose();
        }
    }
}
