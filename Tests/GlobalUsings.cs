global using NUnit.Framework;
global using LabRpc;
