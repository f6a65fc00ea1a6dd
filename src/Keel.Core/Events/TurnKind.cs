namespace Keel.Core.Events;

/// <summary>What a <see cref="TurnFinished"/> ends.</summary>
public enum TurnKind
{
    /// <summary>A turn the user (or a host) sent.</summary>
    User,

    /// <summary>A compaction asked for by the user (<c>/compact</c>, a host's <c>compact</c> request).</summary>
    Compact,

    /// <summary>A turn the session ran by itself to hand finished background work to the model.</summary>
    Background,

    /// <summary>A side question (<c>/btw</c>): answered from the conversation, which it leaves unchanged.</summary>
    SideQuestion,
}
