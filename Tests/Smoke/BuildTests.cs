namespace LabRpc.Tests.Smoke;

public sealed class BuildTests
{
    [Test]
    public void SolutionBuilds() => Assert.That(typeof(BuildTests).Assembly, Is.Not.Null);
}
