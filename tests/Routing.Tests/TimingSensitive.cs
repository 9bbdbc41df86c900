namespace Routing.Tests;

/// <summary>Tests that measure elapsed time against timeouts run in this collection, never in parallel with others.</summary>
[CollectionDefinition(nameof(TimingSensitive), DisableParallelization = true)]
public sealed class TimingSensitive;
