using Xunit;

namespace Relay.Grains.Summaries.Tests;

/// <summary>Liquid templates (Fluid): the documented model renders; files, the environment and runaway loops do not.</summary>
public sealed class RelayTemplatesTests
{
    private readonly RelayTemplates _templates = new();

    private static readonly Dictionary<string, object?> Model = new(StringComparer.Ordinal)
    {
        ["state"] = "success",
        ["pipeline"] = "webapp-ci",
        ["tasks"] = new List<object?>
        {
            new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = "build", ["emoji"] = "✅" },
            new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = "test", ["emoji"] = "❌" },
        },
        ["counts"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["total"] = 2 },
    };

    [Fact]
    public void The_model_renders_with_loops_filters_and_nested_values()
    {
        var text = _templates.Render("{{ pipeline | upcase }} {{ state }}: {% for t in tasks %}{{ t.emoji }}{{ t.name }} {% endfor %}({{ counts.total }})", Model);

        Assert.Equal("WEBAPP-CI success: ✅build ❌test (2)", text);
    }

    [Fact]
    public void Markdown_and_html_are_not_escaped()
    {
        Assert.Equal("<!-- x --> **a & b**", _templates.Render("<!-- x --> **{{ 'a & b' }}**", Model));
    }

    [Fact]
    public void Text_without_markup_is_returned_as_is()
    {
        Assert.Equal("ci/plain {not liquid}", _templates.Render("ci/plain {not liquid}", Model));
    }

    [Fact]
    public void Templates_cannot_include_files()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "SECRET");
        try
        {
            var text = RenderOrError($"{{% include '{path}' %}}");

            Assert.DoesNotContain("SECRET", text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Templates_see_nothing_of_the_environment()
    {
        Environment.SetEnvironmentVariable("RELAY_TEMPLATE_TEST_SECRET", "hunter2");
        try
        {
            Assert.Equal("[][]", _templates.Render("[{{ RELAY_TEMPLATE_TEST_SECRET }}][{{ env.RELAY_TEMPLATE_TEST_SECRET }}]", Model));
        }
        finally
        {
            Environment.SetEnvironmentVariable("RELAY_TEMPLATE_TEST_SECRET", null);
        }
    }

    [Fact]
    public void A_runaway_loop_is_cut_off()
    {
        Assert.ThrowsAny<Exception>(() => _templates.Render("{% for i in (1..1000) %}{% for j in (1..1000) %}x{% endfor %}{% endfor %}", Model));
    }

    [Fact]
    public void Syntax_errors_are_reported_by_check()
    {
        Assert.Null(_templates.Check("{{ state }}"));
        Assert.NotNull(_templates.Check("{% if state %}unterminated"));
        Assert.NotNull(_templates.Check("{{ state "));
    }

    private string RenderOrError(string template)
    {
        try
        {
            return _templates.Render(template, Model);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return exception.Message;
        }
    }
}
