namespace Routing.Deployments;

/// <summary>
/// A stage's access log (<c>accessLogSettings</c>): one line per request in <see cref="Format"/>, a single-line template of
/// literal text and <c>$context.*</c> variables that must contain <c>$context.requestId</c> (or
/// <c>$context.extendedRequestId</c>); the line goes to the API's <c>HttpApiOptions.AccessLogSink</c>.
/// </summary>
public sealed record AccessLogSettings
{
    /// <summary>The line's template, e.g. <c>$context.requestId $context.status</c>.</summary>
    public required string Format { get; init; }

    /// <summary>Where AWS would deliver the lines (a CloudWatch log group ARN); recorded and handed to the sink, not called.</summary>
    public string? DestinationArn { get; init; }
}
