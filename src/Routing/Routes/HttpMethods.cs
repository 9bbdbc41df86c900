namespace Routing.Routes;

/// <summary>
/// The methods a route key may name, and the mapping of request methods onto the matcher's method slots.
/// </summary>
internal static class HttpMethods
{
    public const string Any = "ANY";

    /// <summary>Slots 0..6 are the concrete route-key methods, <see cref="AnySlot"/> is <c>ANY</c>.</summary>
    public const int AnySlot = 7;

    /// <summary>A request method that no route key can name (PROPFIND, ...): it can only reach <c>ANY</c>.</summary>
    public const int OtherSlot = 8;

    public const int SlotCount = 8;

    /// <summary>The route-key methods in slot order.</summary>
    public static readonly string[] RouteKeyMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", Any];

    /// <summary>Maps a method to its slot without allocating; unknown methods map to <see cref="OtherSlot"/>.</summary>
    public static int ToSlot(ReadOnlySpan<char> method) => method.Length switch
    {
        3 when method.SequenceEqual("GET") => 0,
        3 when method.SequenceEqual("PUT") => 2,
        3 when method.SequenceEqual("ANY") => AnySlot,
        4 when method.SequenceEqual("POST") => 1,
        4 when method.SequenceEqual("HEAD") => 5,
        5 when method.SequenceEqual("PATCH") => 3,
        6 when method.SequenceEqual("DELETE") => 4,
        7 when method.SequenceEqual("OPTIONS") => 6,
        _ => OtherSlot,
    };
}
