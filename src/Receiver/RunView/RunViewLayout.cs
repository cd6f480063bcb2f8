namespace Relay.Receiver.RunView;

/// <summary>The page frame every run view page shares: title, a little CSS (no script), navigation.</summary>
internal static class RunViewLayout
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1f2328;background:#fff}
        header{background:#24292f;color:#fff;padding:.6rem 1.2rem;display:flex;gap:1.2rem;align-items:baseline}
        header a{color:#fff;text-decoration:none;font-weight:600}
        main{padding:1rem 1.2rem}
        h1{font-size:1.35rem;margin:.2rem 0 .8rem}
        h2{font-size:1.1rem;margin:1.4rem 0 .5rem}
        table{border-collapse:collapse;width:100%;font-size:.9rem}
        th,td{border-bottom:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
        th{background:#f6f8fa}
        code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85rem}
        td a,td time,td.mono{white-space:nowrap}
        .state{font-weight:600}
        .state-success,.delivery-delivered{color:#1a7f37}
        .state-failure,.state-error,.delivery-dead-lettered{color:#cf222e}.delivery-superseded{color:#6e7781}
        .state-running,.state-pending,.state-queued,.delivery-pending{color:#9a6700}
        .state-canceled{color:#57606a}
        .error{color:#cf222e;white-space:pre-wrap}
        .notice{background:#ddf4ff;border:1px solid #54aeff;padding:.5rem .8rem;margin:.5rem 0}
        .problem{background:#ffebe9;border:1px solid #ff8182;padding:.5rem .8rem;margin:.5rem 0}
        form.filters{display:flex;flex-wrap:wrap;gap:.6rem;align-items:end;margin-bottom:1rem}
        form.filters label{display:flex;flex-direction:column;font-size:.8rem}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}
        dl.facts dt{font-weight:600}
        .muted{color:#57606a}
        """;

    /// <summary>The whole page around <paramref name="body"/>.</summary>
    public static string Page(string title, Html body)
    {
        var page = new Html()
            .Raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Element("title", title + " · Relay")
            .Raw("<style>").Raw(Style).Raw("</style></head><body>")
            .Raw("<header>").Link("/ui", "Relay runs").Link("/ui?undelivered=true", "Undelivered").Raw("</header><main>")
            .Raw(body.ToString())
            .Raw("</main></body></html>");
        return page.ToString();
    }
}
