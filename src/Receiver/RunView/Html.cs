using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Relay.Receiver.RunView;

/// <summary>
/// A small HTML writer for the run view: markup is written only from literals in this code (<see cref="Tag"/>,
/// <see cref="Raw"/>), and every value — run names, errors, templates, all of which come from users — goes through
/// <see cref="Text"/> or an attribute, which HTML-encode it.
/// </summary>
internal sealed class Html
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;
    private readonly StringBuilder _out = new();

    /// <summary>Markup from this code's own literals; never pass a value here.</summary>
    public Html Raw(string markup)
    {
        _out.Append(markup);
        return this;
    }

    /// <summary>A value as text, encoded.</summary>
    public Html Text(string? value)
    {
        if (value is not null)
        {
            _out.Append(Encoder.Encode(value));
        }

        return this;
    }

    /// <summary>An opening tag with attributes (names are literals, values are encoded; null values are left out).</summary>
    public Html Tag(string name, params (string Name, string? Value)[] attributes)
    {
        _out.Append('<').Append(name);
        foreach (var (attribute, value) in attributes)
        {
            if (value is not null)
            {
                _out.Append(' ').Append(attribute).Append("=\"").Append(Encoder.Encode(value)).Append('"');
            }
        }

        _out.Append('>');
        return this;
    }

    /// <summary>A closing tag.</summary>
    public Html End(string name)
    {
        _out.Append("</").Append(name).Append('>');
        return this;
    }

    /// <summary>An element holding one text value.</summary>
    public Html Element(string name, string? text, params (string Name, string? Value)[] attributes) =>
        Tag(name, attributes).Text(text).End(name);

    /// <summary>A link.</summary>
    public Html Link(string href, string? text, string? cssClass = null) => Element("a", text, ("href", href), ("class", cssClass));

    /// <summary>A table cell with a text value.</summary>
    public Html Cell(string? text, string? cssClass = null) => Element("td", text ?? "", ("class", cssClass));

    /// <summary>A table cell holding a time, or a dash.</summary>
    public Html TimeCell(DateTimeOffset? at) => at is { } time
        ? Tag("td").Element("time", Format(time), ("datetime", time.ToString("O", CultureInfo.InvariantCulture))).End("td")
        : Cell("–");

    /// <summary>A table's header row.</summary>
    public Html HeaderRow(params string[] headers)
    {
        Raw("<thead><tr>");
        foreach (var header in headers)
        {
            Element("th", header);
        }

        return Raw("</tr></thead>");
    }

    /// <summary>How the run view shows an instant.</summary>
    public static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    public override string ToString() => _out.ToString();
}
