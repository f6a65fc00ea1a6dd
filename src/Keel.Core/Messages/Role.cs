namespace Keel.Core.Messages;

public enum Role
{
    User,
    Assistant,
}
