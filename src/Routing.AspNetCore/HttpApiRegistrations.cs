namespace Routing.AspNetCore;

/// <summary>Every API registered in one service collection, by name.</summary>
internal sealed class HttpApiRegistrations
{
    private readonly Dictionary<string, HttpApiRegistration> _byName = new(StringComparer.Ordinal);

    public void Add(HttpApiRegistration registration) => _byName.Add(registration.Name, registration);

    public HttpApiRegistration? Find(string name) => _byName.GetValueOrDefault(name);
}
