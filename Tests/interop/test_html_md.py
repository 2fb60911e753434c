# Requires: pip install html5lib markdown-it-py pytest; apt install cmark-gfm
"""Check the HTML and Markdown reports with real parsers: html5lib (the HTML5 parsing algorithm),
markdown-it-py (CommonMark with GFM tables) and cmark-gfm (GitHub's own renderer, with GitHub's
extensions: table, autolink, strikethrough, tagfilter, tasklist).

Sources of reports (each an .html/.md/.json triple with the same stem):
- the template fixtures, written by the Swift test `TemplateInteropFixtures` into $INTEROP_OUT
  (when INTEROP_OUT is unset, this module runs that test itself with `swift test --skip-build`);
- the demo report of the built CLI (`workplace-report demo --out-dir DIR`), when the binary has `demo`.

Every expected display string is computed here from the JSON model, independently of the Swift code.
"""
import atexit
import json
import math
import os
import pathlib
import shutil
import subprocess
import tempfile

import html5lib
import pytest
from markdown_it import MarkdownIt

ROOT = pathlib.Path(__file__).resolve().parents[2]
NS = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"
NAME_LIMIT = 60
ROW_LIMIT = 500
SPARK_BLOCKS = set("▁▂▃▄▅▆▇█")
NEW_WORD = {"en": "New", "zh": "新上榜", "ja": "新規"}


# ---------------------------------------------------------------- sources


def _binary():
    path = os.environ.get("WORKPLACE_REPORT_BIN") or str(ROOT / ".build" / "debug" / "workplace-report")
    return path if os.path.isfile(path) and os.access(path, os.X_OK) else None


def _fixture_dir():
    out = os.environ.get("INTEROP_OUT")
    if out and list(pathlib.Path(out).glob("template-*.html")):
        return pathlib.Path(out)
    folder = pathlib.Path(tempfile.mkdtemp(prefix="template-fixtures-"))
    run = subprocess.run(
        ["swift", "test", "--skip-build", "--filter", "TemplateInteropFixtures"],
        cwd=ROOT, env={**os.environ, "INTEROP_OUT": str(folder)}, capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, f"fixture writer failed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
    return folder


def _copy_binary():
    """The CLI copied alone into a fresh folder: the copy proves the templates are compiled in, and
    every run below uses this one snapshot even if the build tree is rebuilt meanwhile."""
    binary = _binary()
    if binary is None:
        return None
    folder = tempfile.mkdtemp(prefix="lone-")
    atexit.register(shutil.rmtree, folder, True)
    lone = pathlib.Path(folder) / "workplace-report"
    shutil.copy2(binary, lone)
    return str(lone)


BINARY = _copy_binary()


def _run_demo(cwd=None):
    """(folder, None) after a good demo run, (None, message) after a failed one, (None, None) without demo."""
    binary = BINARY
    if binary is None:
        return None, None
    help_run = subprocess.run([binary, "--help"], capture_output=True, text=True, timeout=60)
    if "demo" not in help_run.stdout:
        return None, None
    work = pathlib.Path(cwd or tempfile.mkdtemp(prefix="elsewhere-"))
    folder = work / "out"
    run = subprocess.run(
        [binary, "demo", "--out-dir", "out"], cwd=work, capture_output=True, text=True, timeout=600,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1793512800"},
    )
    if run.returncode != 0:
        return None, f"demo exited {run.returncode}: {run.stderr[-2000:]}"
    return folder, None


DEMO_DIR, DEMO_ERROR = _run_demo()


def test_demo_writes_html_and_markdown():
    """When the CLI has `demo`, it must run and write the HTML, Markdown and JSON reports."""
    assert DEMO_ERROR is None, DEMO_ERROR
    if DEMO_DIR is not None:
        assert list(DEMO_DIR.glob("workplace-access-*.html"))
        assert list(DEMO_DIR.glob("workplace-access-*.md"))


def test_copied_binary_renders_from_anywhere(tmp_path):
    """The templates are compiled in: the executable copied alone to another folder, run from a third
    one, renders the HTML and Markdown, and the same input gives the same bytes."""
    assert DEMO_ERROR is None, DEMO_ERROR
    if DEMO_DIR is None:
        assert BINARY is None or "demo" not in subprocess.run([BINARY, "--help"], capture_output=True, text=True).stdout
        return
    again, error = _run_demo(cwd=tmp_path)
    assert error is None, error
    html = list(again.glob("*.html"))
    md = list(again.glob("*.md"))
    assert html and md
    assert "<svg" in html[0].read_text(encoding="utf-8")
    assert md[0].read_text(encoding="utf-8").startswith("## ")
    assert html[0].read_bytes() == (DEMO_DIR / html[0].name).read_bytes(), "same input, same bytes"
    assert md[0].read_bytes() == (DEMO_DIR / md[0].name).read_bytes(), "same input, same bytes"


def _reports():
    stems = []
    for folder in filter(None, [_fixture_dir(), DEMO_DIR]):
        for html in sorted(folder.glob("*.html")):
            stem = html.with_suffix("")
            if stem.with_suffix(".md").exists() and stem.with_suffix(".json").exists():
                stems.append(stem)
    assert stems, "no HTML/Markdown/JSON reports found"
    return stems


REPORTS = _reports()


@pytest.fixture(params=REPORTS, ids=[s.name for s in REPORTS])
def report(request):
    stem = request.param
    return {
        "name": stem.name,
        "html": stem.with_suffix(".html").read_text(encoding="utf-8"),
        "md": stem.with_suffix(".md").read_text(encoding="utf-8"),
        "model": json.loads(stem.with_suffix(".json").read_text(encoding="utf-8")),
    }


# ---------------------------------------------------------------- display rules (from the README)


def one_line(text):
    return "".join(
        " " if (ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 or c in "\u2028\u2029") else c for c in text
    )


def integer(v):
    return f"{v:,}"


def decimal(x):
    tenths = math.floor(abs(x) * 10 + 0.5)
    text = f"{tenths // 10:,}.{tenths % 10}"
    return "-" + text if x < 0 and tenths else text


def change(pct):
    if pct is None:
        return "–"
    shown = decimal(abs(pct))
    if shown == "0.0":
        return "0.0%"
    return ("▲ " if pct > 0 else "▼ ") + shown + "%"


def expected_row(w, language):
    new_word = NEW_WORD.get(language[:2], "New")
    return {
        "rank": str(w["rank"]),
        "pv": integer(w["pv"]),
        "share": decimal(w["share"] * 100) + "%",
        "avg": decimal(w["avg_daily_uv"]),
        "change": new_word if w["new"] else change(w["pv_change_pct"]),
    }


def shown_name(name):
    return one_line(name)


# ---------------------------------------------------------------- HTML


def parse_html(text):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
    return parser.parse(text)


def text_of(el):
    return "".join(el.itertext())


def test_html_parses_strictly_and_declares_language(report):
    doc = parse_html(report["html"])  # strict: any HTML5 parse error raises
    assert report["html"].startswith("<!DOCTYPE html>")
    lang = doc.get("lang")
    assert lang.split("-")[0] == report["model"]["language"][:2]
    metas = doc.findall(f".//{NS}meta")
    assert any(m.get("charset", "").lower() == "utf-8" for m in metas)


def test_html_has_no_script_or_external_reference(report):
    doc = parse_html(report["html"])
    for el in doc.iter():
        tag = el.tag.split("}")[-1].lower() if isinstance(el.tag, str) else ""
        assert tag not in {"script", "iframe", "object", "embed", "img", "link", "base", "form", "foreignobject"}
        for key, value in el.attrib.items():
            key = key.split("}")[-1].lower()
            assert not key.startswith("on"), f"event handler {key} on {tag}"
            assert key not in {"src", "srcset", "href", "action", "background"}, f"{key}={value!r} on {tag}"
            assert "url(" not in value.lower() and "javascript:" not in value.lower()
    for style in doc.iter(f"{NS}style"):
        css = text_of(style).lower()
        assert "url(" not in css and "@import" not in css


def test_html_charts_are_present(report):
    doc = parse_html(report["html"])
    model = report["model"]
    svgs = list(doc.iter(f"{SVG}svg"))
    charts = [s for s in svgs if s.get("class") == "chart"]
    sparks = [s for s in svgs if s.get("class") == "spark"]
    has_data = bool(model["workplaces"])
    history = model.get("history")
    history_chart = bool(history and any(v is not None for t in history["top_trend"] for v in t["monthly_pv"]))
    overall_chart = model.get("overall") is not None
    assert len(charts) == (2 if has_data else 0) + (1 if history_chart else 0) + (1 if overall_chart else 0)
    # One sparkline per top workplace, per workplace row, and per top block (the Blocks section).
    assert len(sparks) == len(model["top"]) + min(len(model["workplaces"]), ROW_LIMIT) + len(model["top_blocks"] or [])
    if overall_chart:
        charts = charts[1:]  # the whole workplace's chart comes first, in its own section
    if not has_data:
        return
    trend = charts[0]
    lines = [p for p in trend.iter(f"{SVG}polyline")]
    assert len(lines) == 2, "PV and UV-days lines"
    assert all(len(p.get("points").split()) == len(model["daily"]) for p in lines)
    assert len(list(trend.iter(f"{SVG}text"))) >= 4, "axis labels and legend"
    bars = [r for r in charts[1].iter(f"{SVG}rect")]
    assert len(bars) == len(model["top"])


def _tables(doc):
    return [t for t in doc.iter(f"{NS}table") if t.get("class") == "data"]


def _rows(table):
    body = table.find(f"{NS}tbody")
    return [[td for td in tr.findall(f"{NS}td")] for tr in body.findall(f"{NS}tr")]


def test_html_numbers_and_names_match_the_model(report):
    doc = parse_html(report["html"])
    model = report["model"]
    page = text_of(doc)
    totals = model["totals"]
    assert integer(totals["pv"]) in page
    assert integer(totals["uv_days"]) in page
    assert decimal(totals["avg_daily_uv"]) in page
    if totals["previous"] and totals["previous"]["pv"]:
        assert change((totals["pv"] - totals["previous"]["pv"]) / totals["previous"]["pv"] * 100) in page
    if not model["workplaces"]:
        assert len(_tables(doc)) == (1 if model["weekly"] else 0)  # only the weekly totals
        assert "<svg" not in report["html"]
        return
    top_table, all_table = _tables(doc)[:2]
    every = [w["id"] for w in model["workplaces"]][:ROW_LIMIT]
    for rows, wanted in ((_rows(top_table), model["top"]), (_rows(all_table), every)):
        by_id = {w["id"]: w for w in model["workplaces"]}
        assert len(rows) == len(wanted)
        for cells, wid in zip(rows, wanted):
            w = by_id[wid]
            name_cell = cells[1]
            spans = name_cell.findall(f"{NS}span")
            display, id_span = spans[0], spans[1]
            assert text_of(id_span) == one_line(w["id"])
            name, shown = shown_name(w["name"]), text_of(display)
            assert len(shown) <= NAME_LIMIT + 1
            if shown != name:
                assert shown.endswith("…") and name.startswith(shown[:-1]), "a clipped name is a prefix"
                assert display.get("title") == name, "the full name is in the tooltip"
            if len(name) > NAME_LIMIT:
                assert shown != name
            texts = [text_of(c).strip() for c in cells]
            exp = expected_row(w, model["language"])
            assert texts[0].startswith(exp["rank"])
            assert exp["pv"] == texts[2]
            assert texts[3].startswith(exp["share"])
            if len(texts) == 11:  # all workplaces
                assert texts[4] == integer(w["uv_days"])
                assert texts[5] == exp["avg"]
                assert texts[6] == integer(w["peak_daily_uv"])
                assert texts[7] == integer(w["active_days"])
                assert texts[8] == (integer(w["previous"]["pv"]) if w["previous"] else "–")
                assert texts[9] == exp["change"]
            else:
                assert texts[4] == exp["change"]
                assert texts[6] == exp["avg"]


def test_hostile_text_stays_text(report):
    doc = parse_html(report["html"])
    for w in report["model"]["workplaces"]:
        name = shown_name(w["name"])
        if "<" in name and len(name) <= NAME_LIMIT // 2:
            assert name in text_of(doc), "the parser must read the escaped name back as the same text"


# ---------------------------------------------------------------- Markdown


def md_parser():
    return MarkdownIt("commonmark").enable("table")


def inline_text(token):
    # The escaper puts an invisible word joiner (U+2060) after every "@" so no e-mail address autolinks.
    text = "".join(c.content for c in (token.children or []) if c.type in {"text", "text_special", "code_inline"})
    return text.replace("\u2060", "")


def md_tables(tokens):
    tables, current, row, cell_kind = [], None, None, None
    for i, t in enumerate(tokens):
        if t.type == "table_open":
            current = []
        elif t.type == "tr_open":
            row = []
        elif t.type in {"th_open", "td_open"}:
            cell_kind = t.type
        elif t.type == "inline" and row is not None and cell_kind:
            row.append(inline_text(t))
            cell_kind = None
        elif t.type == "tr_close":
            current.append(row)
            row = None
        elif t.type == "table_close":
            tables.append(current)
            current = None
    return tables


def raw_cells(line):
    pipes, escaped = 0, False
    for c in line:
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif c == "|":
            pipes += 1
    return pipes - 1


def test_markdown_table_rows_keep_the_header_cell_count(report):
    lines = report["md"].split("\n")
    blocks, block = [], []
    for line in lines + [""]:
        if line.startswith("|"):
            block.append(line)
        elif block:
            blocks.append(block)
            block = []
    assert blocks, "no tables"
    for block in blocks:
        header = raw_cells(block[0])
        assert all(raw_cells(line) == header for line in block), block
    parsed = md_tables(md_parser().parse(report["md"]))
    assert len(parsed) == len(blocks)
    for table, block in zip(parsed, blocks):
        assert len(table) == len(block) - 1  # the delimiter row is not a row
        assert all(len(r) == len(table[0]) for r in table)


def test_markdown_cells_match_the_model(report):
    model = report["model"]
    tables = md_tables(md_parser().parse(report["md"]))
    kpis = tables[0]
    assert kpis[1][1] == integer(model["totals"]["pv"])
    assert kpis[2][1] == integer(model["totals"]["uv_days"])
    assert kpis[3][1] == decimal(model["totals"]["avg_daily_uv"])
    assert kpis[4][1] == integer(model["totals"]["active_workplaces"])
    if model["totals"]["previous"]:
        assert kpis[4][3] == integer(model["totals"]["previous"]["active_workplaces"])
    if not model["workplaces"]:
        assert len(tables) == 1
        return
    by_id = {w["id"]: w for w in model["workplaces"]}
    top = tables[1][1:]
    assert len(top) == len(model["top"])
    for cells, wid in zip(top, model["top"]):
        w = by_id[wid]
        exp = expected_row(w, model["language"])
        name, shown = shown_name(w["name"]), cells[1]
        if shown != name:
            assert shown.endswith("…") and name.startswith(shown[:-1]), "escaped cells parse back to the name"
        if len(name) <= NAME_LIMIT // 2:
            assert shown == name, "escaped cell text must parse back to the name"
        assert cells[0].split(" ")[0] == exp["rank"]
        assert cells[2] == exp["pv"]
        assert cells[3] == exp["share"]
        assert cells[4] == exp["change"]
        assert cells[5] == exp["avg"]
        assert cells[6] and set(cells[6]) <= SPARK_BLOCKS and len(cells[6]) <= 31


def test_markdown_has_no_html_from_data(report):
    allowed = {"<details>", "<summary>", "</summary>", "</details>", "<sub>", "</sub>"}
    for t in md_parser().parse(report["md"]):
        if t.type == "html_block":
            for piece in t.content.replace("<", "\n<").split("\n"):
                piece = piece.strip()
                if piece.startswith("<"):
                    assert piece.split(">")[0] + ">" in allowed, piece
        for c in t.children or []:
            if c.type == "html_inline":
                assert c.content in allowed, c.content


def test_markdown_fits_a_job_summary(report):
    assert len(report["md"].encode("utf-8")) < 1024 * 1024


# ---------------------------------------------------------------- Markdown as GitHub renders it

GFM = ["cmark-gfm", "-e", "table", "-e", "autolink", "-e", "strikethrough", "-e", "tagfilter", "-e", "tasklist"]
# What the templates themselves produce: the title (h2), section headings (h3), the KPI and top tables,
# **labels**, the _not compared_ note, the warnings and notes lists and the <details>/<sub> wrappers.
GFM_ALLOWED_TAGS = {"html", "head", "body", "h2", "h3", "p", "strong", "em", "table", "thead", "tbody", "tr",
                    "th", "td", "ul", "li", "details", "summary", "sub", "blockquote"}


def gfm(md):
    run = subprocess.run(GFM, input=md, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    return html5lib.parse(run.stdout, namespaceHTMLElements=False)


def test_github_renders_no_user_text_as_markup(report):
    doc = gfm(report["md"])
    tags = [el.tag for el in doc.iter() if isinstance(el.tag, str)]
    history = report["model"].get("history")
    sections = (history and history["top_trend"]) or report["model"].get("overall") or report["model"].get("blocks")
    allowed = GFM_ALLOWED_TAGS | ({"h4"} if sections else set())
    assert set(tags) <= allowed, f"unexpected {set(tags) - allowed}"  # no a, img, del, input, ol…
    assert tags.count("h2") == 1, "only the title line is a level-2 heading"
    model = report["model"]
    parts = (1 if history else 0) + (1 if model.get("overall") else 0) + (1 if model.get("blocks") else 0)
    assert tags.count("h3") <= 2 + parts, "top-N, whole workplace, blocks, history and warnings headings only"
    assert tags.count("h4") <= 1, "the history's trend heading only"
    assert tags.count("ul") == (2 if report["model"]["warnings"] else 1), "only the warnings and notes lists"
    assert not doc.findall(".//li//ul"), "no value opens a nested list"


def test_github_shows_hostile_names_as_written():
    stem = next(s for s in REPORTS if s.name == "template-hostile-en")
    model = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
    doc = gfm(stem.with_suffix(".md").read_text(encoding="utf-8"))
    cells = [text_of(td).replace("\u2060", "") for td in doc.iter("td")]
    assert len(model["workplaces"]) == 20
    for w in model["workplaces"]:
        assert shown_name(w["name"]) in cells, w["name"]
    heading = text_of(doc.find(".//h2")).replace("\u2060", "")
    assert heading.startswith(model["title"] + " · ")
    items = [text_of(li).replace("\u2060", "") for li in doc.iter("li")]
    assert len(model["warnings"]) == 2
    for warning in model["warnings"]:
        assert warning in items


# ---------------------------------------------------------------- layout (headless Chromium)

# Headless Chromium lays a page out at no less than 500 px, so the report goes into an iframe of the
# width under test (420 px: a phone) and a script in the outer page measures it: the page's scroll
# width, each data table against its column, and the most lines any workplace id wraps onto.
LAYOUT_PROBE = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" src="%s" style="width:%dpx;height:3000px;border:0"></iframe><pre id="out">pending</pre>
<script>
document.getElementById("f").addEventListener("load", function () {
  var d = this.contentDocument, res = ["page " + d.documentElement.scrollWidth + " " + d.documentElement.clientWidth];
  var lines = 0;
  d.querySelectorAll(".name .id").forEach(function (el) {
    var r = d.createRange(); r.selectNodeContents(el);
    var tops = {}; Array.prototype.forEach.call(r.getClientRects(), function (b) { tops[Math.round(b.top)] = 1; });
    lines = Math.max(lines, Object.keys(tops).length);
  });
  res.push("idlines " + lines);
  d.querySelectorAll("table.data").forEach(function (t) {
    res.push("table " + t.getBoundingClientRect().right + " " + t.parentElement.getBoundingClientRect().right);
  });
  document.getElementById("out").textContent = res.join(";");
});
</script></body></html>"""


def layout(stem, width, tmp_path):
    probe = tmp_path / f"probe-{width}.html"
    probe.write_text(LAYOUT_PROBE % (stem.with_suffix(".html").resolve().as_uri(), width), encoding="utf-8")
    run = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
         "--virtual-time-budget=5000", f"--window-size={width + 100},3000", "--dump-dom", probe.as_uri()],
        capture_output=True, text=True, timeout=120)
    out = run.stdout.split('<pre id="out">', 1)[1].split("</pre>", 1)[0]
    assert out != "pending", run.stderr[-2000:]
    return out, [line.split(" ") for line in out.split(";")]


@pytest.mark.parametrize("stem", REPORTS, ids=[s.name for s in REPORTS])
def test_tables_fit_a_420px_screen(stem, tmp_path):
    out, lines = layout(stem, 420, tmp_path)
    page = lines[0]
    assert int(page[1]) <= int(page[2]), f"the page scrolls sideways: {out}"
    for _, right, room in lines[2:]:
        assert float(right) <= float(room) + 0.5, f"a table overflows its column: {out}"


def test_ids_stay_whole_at_1200px(tmp_path):
    assert DEMO_DIR, "the demo report is needed"
    stem = next(s for s in REPORTS if s.parent == DEMO_DIR)
    out, lines = layout(stem, 1200, tmp_path)
    assert lines[1] == ["idlines", "1"], f"a workplace id wraps: {out}"


def test_css_has_no_deprecated_word_break(report):
    assert "word-break: break-word" not in report["html"] and "overflow-wrap: anywhere" in report["html"]


# ---------------------------------------------------------------- the 13-month history


def test_html_history_matches_the_model(report):
    """The history table has the 13 months, `–` where a month is not covered; the trend chart breaks its
    lines there (a month alone between gaps is a dot)."""
    doc = parse_html(report["html"])
    history = report["model"].get("history")
    sections = [s for s in doc.iter(f"{NS}section") if s.get("class") == "history"]
    if history is None:
        assert not sections
        return
    [section] = sections
    tables = [t for t in section.iter(f"{NS}table")]
    rows = _rows(tables[0])
    assert len(rows) == 13
    for cells, month in zip(rows, history["monthly"]):
        texts = [text_of(c).strip() for c in cells]
        assert texts[0].startswith(month["label"])
        assert texts[2] == f"{month['days_covered']} / {month['days']}"
        if month["covered"]:
            assert texts[3:] == [integer(month["pv"]), integer(month["uv_days"]), decimal(month["avg_daily_uv"])]
        else:
            assert texts[3:] == ["–", "–", "–"] and month["pv"] is None
    charts = [s for s in section.iter(f"{SVG}svg") if s.get("class") == "chart"]
    for chart in charts:
        for trend, color in zip(history["top_trend"], ["#2563eb", "#ea580c", "#16a34a", "#9333ea", "#db2777"]):
            runs, length = [], 0
            for v in trend["monthly_pv"] + [None]:
                if v is None:
                    if length:
                        runs.append(length)
                    length = 0
                else:
                    length += 1
            lines = [p for p in chart.iter(f"{SVG}polyline") if p.get("stroke") == color]
            dots = [c for c in chart.iter(f"{SVG}circle") if c.get("fill") == color]
            assert sorted(len(p.get("points").split()) for p in lines) == sorted(r for r in runs if r > 1)
            assert len(dots) == sum(1 for r in runs if r == 1)
    if history["top_trend"]:
        trend_rows = _rows(tables[1])
        for cells, trend in zip(trend_rows, history["top_trend"]):
            values = [text_of(c).strip() for c in cells[2:]]
            assert values == [integer(v) if v is not None else "–" for v in trend["monthly_pv"]]


def test_markdown_history_matches_the_model(report):
    history = report["model"].get("history")
    tables = md_tables(md_parser().parse(report["md"]))
    month_tables = [t for t in tables if len(t) == 14 and len(t[0]) == 5]
    if history is None:
        assert not month_tables
        return
    rows = month_tables[0][1:]
    for cells, month in zip(rows, history["monthly"]):
        assert cells[0].startswith(month["label"])
        shown = [integer(month["pv"]), integer(month["uv_days"]), decimal(month["avg_daily_uv"])] \
            if month["covered"] else ["–", "–", "–"]
        assert cells[1:4] == shown
        assert cells[4] == f"{month['days_covered']}/{month['days']}"
    if history["top_trend"]:
        trend = tables[tables.index(month_tables[0]) + 1][1:]
        assert len(trend) == len(history["top_trend"])
        for cells, t in zip(trend, history["top_trend"]):
            assert len(cells[2]) == 13
            assert [c == "·" for c in cells[2]] == [v is None for v in t["monthly_pv"]]
            last = t["monthly_pv"][-1]
            assert cells[3] == (integer(last) if last is not None else "–")
