namespace Routing.AspNetCore;

/// <summary>A service an API's registration needs could not be resolved; reported with the API's other problems.</summary>
internal sealed class HttpApiServiceException : Exception
{
    public HttpApiServiceException(string path, string message, Exception innerException)
        : base(message, innerException)
    {
        Path = path;
    }

    public HttpApiServiceException()
    {
        Path = "services";
    }

    public HttpApiServiceException(string message)
        : base(message)
    {
        Path = "services";
    }

    public HttpApiServiceException(string message, Exception innerException)
        : base(message, innerException)
    {
        Path = "services";
    }

    /// <summary>Where the problem is, e.g. <c>integrations[pets]</c>.</summary>
    public string Path { get; }
}
