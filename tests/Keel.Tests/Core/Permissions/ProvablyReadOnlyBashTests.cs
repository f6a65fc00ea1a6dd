using Keel.Core.Permissions.Shell;

namespace Keel.Tests.Core.Permissions;

/// <summary>Which Bash scripts may run in parallel with other read-only calls: only what the analyzer proves read-only.</summary>
public sealed class ProvablyReadOnlyBashTests
{
    [Theory]
    [InlineData("ls -la")]
    [InlineData("cat a.txt | wc -l")]
    [InlineData("grep -rn foo src 2>/dev/null | head -20")]
    [InlineData("find . -name '*.cs' | sort")]
    [InlineData("head -5 a.txt && tail -5 b.txt")]
    [InlineData("rg TODO 2>&1")]
    [InlineData("sed -n 1,10p a.txt")]
    [InlineData("tail -f /dev/null")]
    public void Read_only_scripts_are_proven(string command) => BashPermission.IsProvablyReadOnly(command).ShouldBeTrue();

    [Theory]
    [InlineData("")]
    [InlineData("cd src && ls")]
    [InlineData("echo hi > out.txt")]
    [InlineData("cat a.txt >> b.txt")]
    [InlineData("rm -rf build")]
    [InlineData("ls; touch x")]
    [InlineData("cat $(ls)")]
    [InlineData("git status")]
    [InlineData("X=1 ls")]
    [InlineData("find . -delete")]
    [InlineData("sed -i s/a/b/ a.txt")]
    [InlineData("sort -o out.txt in.txt")]
    [InlineData("$CMD a.txt")]
    [InlineData("eval ls")]
    [InlineData("sleep 5 &")]
    [InlineData("ls |")]
    public void Anything_else_is_not(string command) => BashPermission.IsProvablyReadOnly(command).ShouldBeFalse();
}
