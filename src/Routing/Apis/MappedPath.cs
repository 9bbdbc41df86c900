namespace Routing.Apis;

/// <summary>What an API mapping decided for a request: the stage it names, how many leading characters of the path its key takes, and the key as logs show it.</summary>
internal readonly record struct MappedPath(string Stage, int KeyLength, string BasePathMatched);
