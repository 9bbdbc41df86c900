using System.Collections.Concurrent;

namespace PetStore;

/// <summary>The pets, in memory; safe to use from many requests at once.</summary>
public sealed class PetRepository
{
    private readonly ConcurrentDictionary<int, Pet> _pets = new();
    private int _lastId;

    /// <summary>A store with three pets: 1 Fido the dog, 2 Whiskers the cat, 3 Bubbles the fish.</summary>
    public static PetRepository Seeded()
    {
        var repository = new PetRepository();
        repository.Add("Fido", "dog");
        repository.Add("Whiskers", "cat");
        repository.Add("Bubbles", "fish");
        return repository;
    }

    public IReadOnlyList<Pet> List() => [.. _pets.Values.OrderBy(static pet => pet.Id)];

    public Pet? Find(int id) => _pets.GetValueOrDefault(id);

    public Pet Add(string name, string type)
    {
        var pet = new Pet(Interlocked.Increment(ref _lastId), name, type);
        _pets[pet.Id] = pet;
        return pet;
    }
}
