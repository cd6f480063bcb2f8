#!/usr/bin/env python3
"""Renders the notifier sample bodies (docs/images/notifiers/samples/, kept true by NotifierPayloadSampleTests) to
small HTML approximations of how each service shows them, and screenshots each with headless Chromium into
docs/images/notifiers/<kind>-<sample>.png. Re-run after the samples change:

    python3 tools/notifier-previews/render.py
"""
import html, json, os, re, subprocess, sys, tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SAMPLES = os.path.join(ROOT, "docs", "images", "notifiers", "samples")
OUT = os.path.join(ROOT, "docs", "images", "notifiers")
E = html.escape

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
body{{margin:0;padding:16px;background:{bg};font-family:'DejaVu Sans',Arial,sans-serif;font-size:14px;color:{fg}}}
.card{{border-radius:6px;padding:12px 16px;max-width:720px}} .muted{{color:#888;font-size:12px}}
.btn{{display:inline-block;border:1px solid #999;border-radius:4px;padding:4px 10px;margin-top:8px;font-weight:bold}}
table{{border-collapse:collapse}} td,th{{padding:2px 12px 2px 0;text-align:left;vertical-align:top}}
.grid{{display:grid;grid-template-columns:1fr 1fr;gap:6px 24px;margin:8px 0}}
</style></head><body>{body}</body></html>"""


def mrkdwn(text):
    text = E(text, quote=False).replace("&amp;lt;", "&lt;").replace("&amp;gt;", "&gt;").replace("&amp;amp;", "&amp;")
    text = re.sub(r"\*([^*\n]+)\*", r"<b>\1</b>", text)
    return text.replace("\n", "<br>")


def slack(p):
    parts = ['<div style="display:flex"><div style="width:36px;height:36px;background:#4A154B;border-radius:4px;margin-right:8px"></div><div>',
             '<b>Relay</b> <span class="muted">APP 09:04</span>']
    for b in p["blocks"]:
        if b["type"] == "header":
            parts.append(f'<div style="font-size:18px;font-weight:bold;margin:4px 0">{E(b["text"]["text"])}</div>')
        elif b["type"] == "section" and "fields" in b:
            parts.append('<div class="grid">' + "".join(f"<div>{mrkdwn(f['text'])}</div>" for f in b["fields"]) + "</div>")
        elif b["type"] == "section":
            parts.append(f'<div style="margin:4px 0">{mrkdwn(b["text"]["text"])}</div>')
        elif b["type"] == "actions":
            parts.append("".join(f'<span class="btn">{E(e["text"]["text"])}</span>' for e in b["elements"]))
    return PAGE.format(bg="#fff", fg="#1d1c1d", body="".join(parts) + "</div></div>")


def teams(p):
    card = p["attachments"][0]["content"]
    colours = {"Good": "#237b4b", "Attention": "#c4314b", "Warning": "#835c00"}
    parts = []
    for b in card["body"]:
        if b["type"] == "TextBlock":
            size = "18px" if b.get("size") == "Large" else "14px"
            weight = "bold" if b.get("weight") == "Bolder" else "normal"
            parts.append(f'<div style="font-size:{size};font-weight:{weight};color:{colours.get(b.get("color"), "#242424")};margin:6px 0">{E(b["text"]).replace(chr(10), "<br>")}</div>')
        elif b["type"] == "FactSet":
            parts.append("<table>" + "".join(f"<tr><th>{E(f['title'])}</th><td>{E(f['value'])}</td></tr>" for f in b["facts"]) + "</table>")
    parts += [f'<span class="btn" style="color:#5b5fc7">{E(a["title"])}</span>' for a in card.get("actions", [])]
    return PAGE.format(bg="#f5f5f5", fg="#242424", body='<div class="card" style="background:#fff;box-shadow:0 1px 3px #0003">' + "".join(parts) + "</div>")


def discord(p):
    e = p["embeds"][0]
    fields = "".join(
        f'<div style="{"grid-column:1/4" if not f["inline"] else ""}"><b>{E(f["name"])}</b><br>{E(f["value"]).replace(chr(10), "<br>")}</div>'
        for f in e["fields"])
    desc = f'<div style="margin:6px 0">{E(e["description"])}</div>' if "description" in e else ""
    body = (f'<b style="color:#fff">{E(p["username"])}</b> <span class="muted">BOT</span>'
            f'<div class="card" style="background:#2b2d31;border-left:4px solid #{e["color"]:06X};margin-top:6px">'
            f'<div style="color:#00a8fc;font-weight:bold">{E(e["title"])}</div>{desc}'
            f'<div style="display:grid;grid-template-columns:1fr 1fr 1fr;gap:8px;margin-top:8px">{fields}</div>'
            f'<div class="muted" style="margin-top:8px">{E(e["footer"]["text"])}</div></div>')
    return PAGE.format(bg="#313338", fg="#dbdee1", body=body)


def google_chat(p):
    card = p["cardsV2"][0]["card"]
    parts = [f'<div style="font-size:16px">{E(card["header"]["title"])}</div><div class="muted">{E(card["header"]["subtitle"])}</div>']
    for s in card["sections"]:
        parts.append('<hr style="border:0;border-top:1px solid #ddd">')
        if "header" in s:
            parts.append(f'<div style="color:#1a73e8;font-weight:bold">{E(s["header"])}</div>')
        for w in s["widgets"]:
            if "decoratedText" in w:
                parts.append(f'<div style="margin:4px 0"><div class="muted">{E(w["decoratedText"]["topLabel"])}</div>{w["decoratedText"]["text"]}</div>')
            elif "textParagraph" in w:
                parts.append(f'<div style="margin:4px 0">{w["textParagraph"]["text"]}</div>')
            elif "buttonList" in w:
                parts += [f'<span class="btn" style="color:#1a73e8">{E(b["text"])}</span>' for b in w["buttonList"]["buttons"]]
    return PAGE.format(bg="#f1f3f4", fg="#202124", body='<div class="card" style="background:#fff;box-shadow:0 1px 3px #0003">' + "".join(parts) + "</div>")


def pagerduty(p):
    if p["event_action"] == "resolve":
        body = f'<div class="card" style="background:#fff;border-left:6px solid #048a24"><b style="color:#048a24">RESOLVED</b> via Events API<div class="muted">dedup_key {E(p["dedup_key"])}</div></div>'
        return PAGE.format(bg="#f7f7f7", fg="#111", body=body)
    pl = p["payload"]
    rows = "".join(f"<tr><th>{E(k)}</th><td>{E(v).replace(chr(10), '<br>')}</td></tr>" for k, v in pl["custom_details"].items())
    links = "".join(f'<span class="btn">{E(l["text"])}</span> ' for l in p.get("links", []))
    body = (f'<div class="card" style="background:#fff;border-left:6px solid #d32f2f"><b style="color:#d32f2f">TRIGGERED</b> · {E(pl["severity"]).upper()}'
            f'<div style="font-size:18px;margin:6px 0">{E(pl["summary"])}</div><div class="muted">source {E(pl["source"])} · component {E(pl["component"])} · group {E(pl["group"])} · dedup_key {E(p["dedup_key"])}</div>'
            f'<table style="margin-top:8px">{rows}</table>{links}</div>')
    return PAGE.format(bg="#f7f7f7", fg="#111", body=body)


def email(text):
    subject = text.split("\n", 1)[0][len("Subject: "):]
    html_part = text.split("--- text/html\n", 1)[1]
    inner = re.sub(r"^.*?<body[^>]*>|</body></html>\s*$", "", html_part, flags=re.S)
    body = (f'<div class="card" style="background:#fff;border:1px solid #ddd"><div style="font-size:18px;margin-bottom:4px">{E(subject)}</div>'
            f'<div class="muted">Relay &lt;relay@example.com&gt; to ci@example.com</div><hr>{inner}</div>')
    return PAGE.format(bg="#f6f8fc", fg="#202124", body=body)


def webhook(p):
    pretty = json.dumps(p, indent=2, ensure_ascii=False)
    body = ('<div class="muted">POST /tekton · Content-Type: application/cloudevents+json · X-Relay-Timestamp · X-Relay-Signature-256: sha256=…</div>'
            f'<pre style="background:#1e1e1e;color:#d4d4d4;padding:12px;border-radius:6px;font-size:12px">{E(pretty)}</pre>')
    return PAGE.format(bg="#fff", fg="#111", body=body)


RENDER = {"slack": slack, "teams": teams, "discord": discord, "google_chat": google_chat, "pagerduty": pagerduty, "webhook": webhook}


def main():
    chromium = os.environ.get("CHROMIUM", "chromium")
    for name in sorted(os.listdir(SAMPLES)):
        stem, ext = os.path.splitext(name)
        kind = stem.rsplit("-", 1)[0]
        with open(os.path.join(SAMPLES, name), encoding="utf-8") as f:
            content = f.read()
        page = email(content) if kind == "email" else RENDER[kind](json.loads(content))
        height = 900 if kind in ("webhook",) else 620
        with tempfile.NamedTemporaryFile("w", suffix=".html", delete=False, encoding="utf-8") as f:
            f.write(page)
        png = os.path.join(OUT, stem + ".png")
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", f"--screenshot={png}",
                        f"--window-size=800,{height}", "file://" + f.name], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.unlink(f.name)
        print(png)


if __name__ == "__main__":
    sys.exit(main())
