"""The 13-month history and the year-ago period in every format, read back with real readers.

An input file of raw API items covering 2025-10-01 … 2026-10-31 (raw API output covers the days from its
first to its last record) is reported by the built binary as October 2026 and as ISO week 2026-W43. Every
expected number is computed here from the items, independently of the Swift code; the formats are read
with openpyxl (the History sheet, the Summary's year-ago column and the chart's XML), html5lib, markdown-it,
cmark-gfm and Python's `email` package (the mail's HTML part without SVG or style sheet).
"""
import datetime
import email
import json
import math
import re
import subprocess
import zipfile
from email import policy

import html5lib
import openpyxl
import pytest
from markdown_it import MarkdownIt

from conftest import only, run
from test_eml_html import _rows as mail_rows

NS = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '=HYPERLINK("x") | <b>b</b> *c*'
NAMES = {"wp_a": "Alpha portal", "wp_b": HOSTILE, "wp_c": "研发中心 🚀", "wp_d": "Gone quiet", "wp_e": "Small",
         "wp_f": "Tiny"}
FIRST, LAST = datetime.date(2025, 10, 1), datetime.date(2026, 10, 31)
pytestmark = pytest.mark.filterwarnings("ignore:.*extension is not supported:UserWarning")


def month_index(d):
    return (d.year - FIRST.year) * 12 + d.month - FIRST.month


def items():
    out = []
    d = FIRST
    while d <= LAST:
        m = month_index(d)
        weekday = d.weekday() < 5
        values = {
            "wp_a": 100 + 10 * m + (50 if weekday else 0),
            "wp_b": 60 + 5 * m,
            "wp_c": 30 + 20 * m if d >= datetime.date(2026, 3, 1) else None,
            "wp_d": 90 if d <= datetime.date(2025, 12, 31) else None,
            "wp_e": 3,
            "wp_f": 1 if d.day == 1 else None,
        }
        for wid, pv in values.items():
            if pv is None:
                continue
            out.append({"custom_workplace_id": wid, "date": d.isoformat(),
                        "access_data": {"pv": pv, "uv": max(1, pv // 5)},
                        "custom_workplace_name": [{"language": "en_us", "name": NAMES[wid]}]})
        d += datetime.timedelta(days=1)
    return out


ITEMS = items()


def sums(first, last, ids=None):
    pv = uv = 0
    for it in ITEMS:
        d = datetime.date.fromisoformat(it["date"])
        if first <= d <= last and (ids is None or it["custom_workplace_id"] in ids):
            pv += it["access_data"]["pv"]
            uv += it["access_data"]["uv"]
    return pv, uv


def month_end(first):
    nxt = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return nxt - datetime.timedelta(days=1)


def months_until(last_day):
    """The 13 calendar months ending with the month of `last_day`, that month cut at `last_day`."""
    result = []
    first = last_day.replace(day=1)
    for _ in range(13):
        result.append((first, min(month_end(first), last_day)))
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return result[::-1]


ENVELOPE = ["--mail-from", "reports@example.com", "--mail-to", "ops@example.com"]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("history")
    data = folder / "items.json"
    data.write_text(json.dumps(ITEMS, ensure_ascii=False), encoding="utf-8")
    two = folder / "two-months.json"
    two.write_text(json.dumps([i for i in ITEMS if i["date"] >= "2026-09-01"], ensure_ascii=False), "utf-8")
    formats = ["--formats", "json,xlsx,html,md,eml", *ENVELOPE, "--language", "en", "--quiet"]
    out = {}
    for name, args in {
        "month": ["--month", "2026-10", "--input", str(data)],
        "week": ["--week", "2026-W43", "--input", str(data)],
        "plain": ["--month", "2026-10", "--input", str(two)],
    }.items():
        target = folder / name
        run("report", *args, "--out-dir", str(target), *formats)
        out[name] = target
    return out


def model(folder):
    return json.loads(only(folder, "*.json").read_text("utf-8"))


def integer(v):
    return f"{v:,}"


def decimal(x):
    tenths = math.floor(abs(x) * 10 + 0.5)
    return f"{tenths // 10:,}.{tenths % 10}"


def change(pct):
    if pct is None:
        return "–"
    shown = decimal(abs(pct))
    return "0.0%" if shown == "0.0" else ("▲ " if pct > 0 else "▼ ") + shown + "%"


# ---------------------------------------------------------------- JSON


@pytest.mark.parametrize("kind", ["month", "week"])
def test_json_history_and_year_ago_match_the_items(runs, kind):
    m = model(runs[kind])
    last = datetime.date.fromisoformat(m["period"]["to"])
    months = months_until(last)
    history = m["history"]
    assert [h["label"] for h in history["monthly"]] == [f"{f.year:04d}-{f.month:02d}" for f, _ in months]
    for h, (first, end) in zip(history["monthly"], months):
        pv, uv = sums(first, end)
        days = (end - first).days + 1
        assert (h["from"], h["to"], h["days"], h["days_covered"]) == (first.isoformat(), end.isoformat(), days, days)
        assert h["covered"] is True and h["partial"] == (end != month_end(first))
        assert (h["pv"], h["uv_days"]) == (pv, uv)
        assert math.isclose(h["avg_daily_uv"], uv / days)
    # The trend follows the first five of the top N, in rank order.
    assert [t["id"] for t in history["top_trend"]] == m["top"][:5]
    for t in history["top_trend"]:
        assert t["monthly_pv"] == [sums(f, e, {t["id"]})[0] for f, e in months]
    # The same period a year earlier: the calendar month, or the ISO week of the same number.
    if kind == "month":
        ya_first, ya_last = datetime.date(2025, 10, 1), datetime.date(2025, 10, 31)
        assert m["year_ago_period"]["label"] == "2025-10"
    else:
        ya_first = datetime.date.fromisocalendar(2025, 43, 1)
        ya_last = ya_first + datetime.timedelta(days=6)
        assert m["year_ago_period"]["label"] == "2025-W43"
    assert (m["year_ago_period"]["from"], m["year_ago_period"]["to"]) == (ya_first.isoformat(), ya_last.isoformat())
    pv, uv = sums(ya_first, ya_last)
    ya = m["totals"]["year_ago"]
    assert (ya["pv"], ya["uv_days"]) == (pv, uv)
    assert math.isclose(ya["avg_daily_uv"], uv / ((ya_last - ya_first).days + 1))
    assert math.isclose(m["totals"]["pv_change_yoy_pct"], (m["totals"]["pv"] - pv) / pv * 100)
    assert m["totals"]["pv_change_pct"] is not None, "the previous-period change stays beside it"


def test_json_without_history_says_null(runs):
    m = model(runs["plain"])
    assert m["history"] is None and m["year_ago_period"] is None
    assert m["totals"]["year_ago"] is None and m["totals"]["pv_change_yoy_pct"] is None
    assert m["totals"]["previous"] is not None


# ---------------------------------------------------------------- XLSX


def test_xlsx_history_sheet_and_summary_year_ago(runs):
    m = model(runs["month"])
    path = only(runs["month"], "*.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Summary", "Workplaces", "Daily", "Weekly", "Monthly", "Last 13 months", "About"]
    ws = wb["Last 13 months"]
    rows = [list(r) for r in ws.iter_rows(min_row=1, max_row=14, values_only=True)]
    trend = m["history"]["top_trend"]
    names = {w["id"]: w["name"] for w in m["workplaces"]}
    assert rows[0][:8] == ["Month", "First day", "Last day", "Days covered", "PV", "UV-days", "Avg daily UV",
                           "Covered"]
    assert rows[0][8:8 + len(trend)] == [f"{i + 1}. {names[t['id']]}" for i, t in enumerate(trend)]
    for row, h in zip(rows[1:], m["history"]["monthly"]):
        assert row[0] == h["label"]
        assert row[1].date().isoformat() == h["from"] and row[2].date().isoformat() == h["to"]
        assert row[3:6] == [h["days_covered"], h["pv"], h["uv_days"]]
        assert math.isclose(row[6], h["avg_daily_uv"]) and row[7] == "yes"
    for i, t in enumerate(trend):
        assert [r[8 + i] for r in rows[1:]] == t["monthly_pv"]
    # The Summary's KPI block: this period, the previous one, the change, the year-ago month, the YoY change.
    summary = wb["Summary"]
    assert [summary.cell(6, c).value for c in range(2, 7)] == ["2026-10", "2026-09", "Change %", "2025-10",
                                                              "YoY change"]
    assert summary["B7"].value == m["totals"]["pv"] and summary["E7"].value == m["totals"]["year_ago"]["pv"]
    assert math.isclose(summary["F7"].value, m["totals"]["pv_change_yoy_pct"] / 100)
    assert summary["E8"].value == m["totals"]["year_ago"]["uv_days"]
    assert math.isclose(summary["E9"].value, m["totals"]["year_ago"]["avg_daily_uv"])
    assert summary["E10"].value is None, "active workplaces have no year-ago figure"
    # A native line chart on the History sheet, one series per trend column.
    with zipfile.ZipFile(path) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    [history_chart] = [c for c in charts if "'Last 13 months'!" in c]
    assert "<c:lineChart>" in history_chart
    assert history_chart.count("<c:ser>") == len(trend)
    for i in range(len(trend)):
        col = "IJKLM"[i]
        assert "'Last 13 months'!$%s$2:$%s$14" % (col, col) in history_chart


def test_xlsx_without_history_has_no_history_sheet(runs):
    wb = openpyxl.load_workbook(only(runs["plain"], "*.xlsx"))
    assert "Last 13 months" not in wb.sheetnames
    assert wb["Summary"]["E7"].value is None


# ---------------------------------------------------------------- HTML


def _section(doc):
    found = [s for s in doc.iter(f"{NS}section") if s.get("class") == "history"]
    return found[0] if found else None


def _text(el):
    return "".join(el.itertext())


@pytest.mark.parametrize("kind", ["month", "week"])
def test_html_history_section(runs, kind):
    m = model(runs[kind])
    doc = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(
        only(runs[kind], "*.html").read_text("utf-8"))
    section = _section(doc)
    assert section is not None
    tables = list(section.iter(f"{NS}table"))
    months_rows = tables[0].find(f"{NS}tbody").findall(f"{NS}tr")
    assert len(months_rows) == 13
    for tr, h in zip(months_rows, m["history"]["monthly"]):
        cells = [_text(td).strip() for td in tr.findall(f"{NS}td")]
        assert cells[0].startswith(h["label"])
        assert cells[1] == f"{h['from']} – {h['to']}"
        assert cells[2] == f"{h['days_covered']} / {h['days']}"
        assert cells[3:] == [integer(h["pv"]), integer(h["uv_days"]), decimal(h["avg_daily_uv"])]
    trend = m["history"]["top_trend"]
    [chart] = [s for s in section.iter(f"{SVG}svg") if s.get("class") == "chart"]
    assert len(list(chart.iter(f"{SVG}polyline"))) == len(trend), "one unbroken line per workplace"
    trend_rows = tables[1].find(f"{NS}tbody").findall(f"{NS}tr")
    for tr, t in zip(trend_rows, trend):
        cells = [_text(td).strip() for td in tr.findall(f"{NS}td")]
        assert cells[2:] == [integer(v) for v in t["monthly_pv"]]
    # The KPI card of PV carries the year-ago value and its change.
    page = _text(doc)
    assert f"Same period last year: {integer(m['totals']['year_ago']['pv'])}" in page
    assert change(m["totals"]["pv_change_yoy_pct"]) in page


def test_html_without_history_has_no_section(runs):
    doc = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(
        only(runs["plain"], "*.html").read_text("utf-8"))
    assert _section(doc) is None
    assert "Same period last year" not in _text(doc)


# ---------------------------------------------------------------- Markdown


def md_tables(markdown):
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    tables, row, cells, inside = [], None, [], False
    for t in tokens:
        if t.type == "table_open":
            tables.append([])
        elif t.type == "tr_open":
            row = []
        elif t.type in ("th_open", "td_open"):
            inside, cells = True, []
        elif t.type == "inline" and inside:
            cells.append(t.content)
        elif t.type in ("th_close", "td_close"):
            inside = False
            row.append("".join(cells))
        elif t.type == "tr_close":
            tables[-1].append(row)
    return tables


def unescape(text):
    return re.sub(r"\\(.)", r"\1", text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def test_markdown_history_and_year_ago(runs):
    m = model(runs["month"])
    text = only(runs["month"], "*.md").read_text("utf-8")
    tables = md_tables(text)
    kpis = tables[0]
    assert kpis[0] == ["Metric", "Value", "Change", "Previous period", "YoY change",
                       "Same period last year"]
    assert kpis[1][4] == change(m["totals"]["pv_change_yoy_pct"])
    assert kpis[1][5] == integer(m["totals"]["year_ago"]["pv"])
    assert kpis[4][5] == "–", "active workplaces have no year-ago figure"
    [months] = [t for t in tables if t[0][0] == "Month"]
    assert len(months) == 14
    for row, h in zip(months[1:], m["history"]["monthly"]):
        assert row == [h["label"], integer(h["pv"]), integer(h["uv_days"]), decimal(h["avg_daily_uv"]),
                       f"{h['days_covered']}/{h['days']}"]
    [trend] = [t for t in tables if t[0][-1] == "PV 2026-10"]
    names = {w["id"]: w["name"] for w in m["workplaces"]}
    for row, t in zip(trend[1:], m["history"]["top_trend"]):
        assert unescape(row[1]).replace("\u2060", "") == names[t["id"]]
        assert len(row[2]) == 13 and set(row[2]) <= set("▁▂▃▄▅▆▇█")
        assert row[3] == integer(t["monthly_pv"][-1])


def test_github_renders_the_history_without_markup_from_names(runs):
    text = only(runs["month"], "*.md").read_text("utf-8")
    rendered = subprocess.run(
        ["cmark-gfm", "--extension", "table", "--extension", "autolink", "--extension", "strikethrough",
         "--extension", "tagfilter"], input=text, capture_output=True, text=True, check=True).stdout
    assert "<b>b</b>" not in rendered and "<em>c</em>" not in rendered
    assert rendered.count("<table>") == 4  # key figures, top N, the 13 months, the trend


# ---------------------------------------------------------------- mail


def test_mail_history_bars_without_svg(runs):
    m = model(runs["month"])
    message = email.message_from_bytes(only(runs["month"], "*.eml").read_bytes(), policy=policy.default)
    [part] = [p for p in message.walk() if p.get_content_type() == "text/html"]
    html_text = part.get_content()
    assert "<svg" not in html_text and "<style" not in html_text and "class=" not in html_text
    labels = {h["label"]: h for h in m["history"]["monthly"]}
    rows = [r for r in mail_rows(html_text).rows if len(r) == 3 and r[0][0] in labels]
    assert [r[0][0] for r in rows] == list(labels)
    peak = max(h["pv"] for h in m["history"]["monthly"])
    for row, h in zip(rows, m["history"]["monthly"]):
        assert row[2][0] == integer(h["pv"])
        assert row[1][1] == [max(1, math.floor(h["pv"] / peak * 300 + 0.5))], "the bar is as wide as the value says"
    assert "Same period last year: " + integer(m["totals"]["year_ago"]["pv"]) in html_text
