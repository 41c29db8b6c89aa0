namespace KvService;

/// <summary>The command-line entry point.</summary>
public static class Program
{
    /// <summary>Runs the command line.</summary>
    public static int Main(string[] args)
    {
        Console.WriteLine("LabRpc KvService");
        return 0;
    }
}
