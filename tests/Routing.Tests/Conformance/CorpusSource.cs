namespace Routing.Tests.Conformance;

/// <summary>Where a corpus of cases comes from and how its files are read.</summary>
/// <param name="DirectoryVariable">The environment variable that names another folder of its files.</param>
/// <param name="FolderName">The folder of its copied files, under <c>Conformance/</c> beside the test assembly.</param>
/// <param name="Format">The envelope <c>format</c> its files must have.</param>
/// <param name="ShallowMerge">Whether a case's top-level key replaces the file's default whole (REST) or merges one level deep (HTTP API).</param>
public sealed record CorpusSource(string DirectoryVariable, string FolderName, string Format, bool ShallowMerge);
