using Routing.Definitions;


namespace Routing.Cors;

/// <summary>What <see cref="CorsOrigin.Check"/> found in an origin string.</summary>
internal enum CorsOriginSyntax
{
    /// <summary>A serialized origin: <c>scheme://host[:port]</c>.</summary>
    Valid,

    /// <summary>Empty or only white space.</summary>
    Empty,

    /// <summary>Longer than <see cref="CorsConfiguration.MaxOriginLength"/>.</summary>
    TooLong,

    /// <summary>A character outside printable ASCII (white space, a control character, a non-ASCII letter).</summary>
    BadCharacter,

    /// <summary>A <c>*</c> somewhere other than the three supported wildcards.</summary>
    Pattern,

    /// <summary>No <c>scheme://</c> in front.</summary>
    NoScheme,

    /// <summary><c>user@</c> before the host.</summary>
    UserInfo,

    /// <summary>A path (even a lone trailing <c>/</c>), a query or a fragment after the host.</summary>
    Path,

    /// <summary>The host is empty or not a host name or bracketed IP literal.</summary>
    BadHost,

    /// <summary>The port is not a number from 1 to 65535.</summary>
    BadPort,
}
