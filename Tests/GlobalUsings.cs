global using NUnit.Framework;
global using LabRpc;
global using LabRpc.Faults;
