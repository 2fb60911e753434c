#!/usr/bin/env python3
"""Draws a Feishu card (JSON 2.0, as `--formats card` writes it) as a small HTML page: a preview of how
the card may look in a chat, for the README's picture. It is not Feishu's renderer: it knows only the
components the report's card uses (markdown with **bold**, <font color>, line breaks and backslash
escapes; column_set; a line chart) and draws the chart as an SVG polyline.

Usage: card-preview.py CARD.json OUT.html
"""
import html
import json
import re
import sys

COLOURS = {"green": "#2ea121", "red": "#f54a45", "grey": "#8f959e", "blue": "#3370ff"}


def markdown(text):
    """The card-markdown subset the report uses, as HTML (the text is escaped first)."""
    out = []
    for line in text.split("\n"):
        # Backslash escapes and the entities the card's escaper writes become plain characters.
        keep = []
        i = 0
        while i < len(line):
            if line[i] == "\\" and i + 1 < len(line):
                keep.append(("lit", line[i + 1]))
                i += 2
            else:
                keep.append(("raw", line[i]))
                i += 1
        raw = "".join(c if kind == "raw" else "\0%d\0" % ord(c) for kind, c in keep)
        raw = raw.replace("&lt;", "\0%d\0" % ord("<")).replace("&gt;", "\0%d\0" % ord(">"))
        raw = raw.replace("&amp;", "\0%d\0" % ord("&"))
        escaped = html.escape(raw, quote=False)
        escaped = re.sub(
            r"&lt;font color='(\w+)'&gt;(.*?)&lt;/font&gt;",
            lambda m: '<span style="color:%s">%s</span>' % (COLOURS.get(m.group(1), m.group(1)), m.group(2)),
            escaped)
        escaped = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escaped)
        escaped = re.sub(r"\0(\d+)\0", lambda m: html.escape(chr(int(m.group(1)))), escaped)
        out.append(escaped)
    return "<br>".join(out)


def chart(spec):
    values = spec.get("data", {}).get("values", [])
    series = []
    for v in values:
        if v["series"] not in series:
            series.append(v["series"])
    width, height, pad = 520, 200, 30
    top = max([v["y"] for v in values] + [1])
    parts = ['<svg width="%d" height="%d" viewBox="0 0 %d %d">' % (width, height + 40, width, height + 40)]
    palette = ["#3370ff", "#34c724", "#ff8800"]
    for k, name in enumerate(series):
        points = [v for v in values if v["series"] == name]
        n = max(len(points) - 1, 1)
        coords = " ".join(
            "%.1f,%.1f" % (pad + i * (width - 2 * pad) / n, pad + (height - 2 * pad) * (1 - p["y"] / top))
            for i, p in enumerate(points))
        parts.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>' % (palette[k % 3], coords))
        parts.append('<rect x="%d" y="%d" width="10" height="10" fill="%s"/>' % (pad + k * 200, height + 10, palette[k % 3]))
        parts.append('<text x="%d" y="%d" font-size="12">%s</text>' % (pad + 16 + k * 200, height + 20, html.escape(name)))
    if values:
        parts.append('<text x="%d" y="%d" font-size="11" fill="#8f959e">%s</text>' % (pad, height - 8, html.escape(values[0]["x"])))
        last = [v for v in values if v["series"] == series[0]][-1]
        parts.append('<text x="%d" y="%d" font-size="11" fill="#8f959e" text-anchor="end">%s</text>'
                     % (width - pad, height - 8, html.escape(last["x"])))
    parts.append("</svg>")
    return "".join(parts)


def element(e):
    tag = e.get("tag")
    if tag == "markdown":
        size = "12px" if e.get("text_size") == "notation" else "14px"
        return '<div class="md" style="font-size:%s">%s</div>' % (size, markdown(e["content"]))
    if tag == "column_set":
        cols = "".join('<div class="col">%s</div>' % "".join(element(x) for x in c.get("elements", []))
                       for c in e.get("columns", []))
        return '<div class="cols">%s</div>' % cols
    if tag == "chart":
        return '<div class="chart">%s</div>' % chart(e.get("chart_spec", {}))
    return '<div class="md">[%s]</div>' % html.escape(str(tag))


def main():
    card = json.load(open(sys.argv[1], encoding="utf-8"))
    header = card.get("header", {})
    body = "".join(element(e) for e in card.get("body", {}).get("elements", []))
    page = """<!doctype html><html><head><meta charset="utf-8"><title>card preview</title><style>
body{margin:0;padding:24px;background:#eef0f3;font-family:"Noto Sans CJK SC","PingFang SC",sans-serif;color:#1f2329}
.card{width:560px;background:#fff;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.12);overflow:hidden}
.head{background:#3370ff;color:#fff;padding:14px 16px}.head .t{font-size:16px;font-weight:600}
.head .s{font-size:12px;opacity:.85;margin-top:4px}.body{padding:12px 16px}.md{margin:8px 0;line-height:1.55}
.cols{display:flex;gap:12px}.col{flex:1;background:#f5f6f7;border-radius:6px;padding:4px 10px}
.note{font-size:11px;color:#8f959e;padding:0 16px 10px}</style></head><body>
<div class="card"><div class="head"><div class="t">%s</div><div class="s">%s</div></div>
<div class="body">%s</div><div class="note">Preview drawn from the card JSON by Tests/scripts/card-preview.py, not by Feishu</div></div>
</body></html>""" % (html.escape(header.get("title", {}).get("content", "")),
                     html.escape(header.get("subtitle", {}).get("content", "")), body)
    open(sys.argv[2], "w", encoding="utf-8").write(page)


if __name__ == "__main__":
    main()
