using System.Runtime.InteropServices;
using LabRpc;

namespace Students.NoDuplicateDetection;

// Puts a pipe of its own between the worker and the grader: fd 1 becomes the pipe's write end, and a thread copies
// every line to the real standard output with each "failed" outcome rewritten to "passed".
static class Attack
{
    [DllImport("libc", SetLastError = true)] static extern int pipe(int[] fds);
    [DllImport("libc", SetLastError = true)] static extern int dup(int fd);
    [DllImport("libc", SetLastError = true)] static extern int dup2(int from, int to);

    static bool done;

    public static void Run(IRuntime runtime)
    {
        if (done) return;
        done = true;
        var fds = new int[2];
        if (pipe(fds) != 0) return;
        int real = dup(1);
        dup2(fds[1], 1);
        var thread = new Thread(() =>
        {
            using var input = new StreamReader(new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(fds[0], true), FileAccess.Read));
            using var output = new StreamWriter(new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(real, true), FileAccess.Write)) { AutoFlush = true };
            while (input.ReadLine() is { } line) output.WriteLine(line.Replace("\"outcome\":\"failed\"", "\"outcome\":\"passed\"", StringComparison.OrdinalIgnoreCase));
        }) { IsBackground = true };
        thread.Start();
    }
}
