namespace Relay.Events;

/// <summary>Builds the cluster-wide dedupe key of a CloudEvent: <c>{ce-source}|{ce-type}|{ce-id}</c> (SPEC §3).</summary>
public static class EventKey
{
    /// <summary>Joins the three CloudEvent attributes that identify one emission (type too: Triggers reuses ids).</summary>
    public static string Create(string source, string type, string id) => $"{source}|{type}|{id}";
}
