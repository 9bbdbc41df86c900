// The sample gateway: `dotnet run --project samples/PetStore` (add `--urls http://localhost:8080` to move it).
PetStore.PetStoreApp petStore;
try
{
    petStore = await PetStore.PetStoreApp.StartAsync(args);
}
catch (IOException e)
{
    Console.Error.WriteLine($"{e.Message} Choose another address with --urls, e.g. --urls http://localhost:5081");
    return 1;
}

await using (petStore)
{
    petStore.WriteWelcome(Console.Out);
    await petStore.Gateway.WaitForShutdownAsync();
}

return 0;
