"""The whole-workplace (overall) and blocks parts read back by real readers: openpyxl, html5lib, cmark-gfm,
and json. Every expected number is computed here from the rules in the doc comment of `WholeWorkplaceSample`
(Tests/WorkplaceRenderingTests/WorkbookSamples.swift), not taken from our code.

The files come from the Swift test `WholeWorkplaceFixture`, run once with INTEROP_OUT set to a temporary folder
(`swift build --build-tests` must have run first).
"""
import datetime
import json
import pathlib
import shutil
import subprocess
import tempfile
import zipfile
import os

import html5lib
import openpyxl
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.filterwarnings("ignore:.*extension is not supported:UserWarning")
LANGUAGES = ["en", "zh", "ja"]
SEP1 = datetime.date(2026, 9, 1)
OCT1 = datetime.date(2026, 10, 1)
HOLE = datetime.date(2026, 10, 10)


def overall_day(date):
    """(all pv, all uv, default pv, default uv) of one day, zeros for the hole."""
    if date == HOLE:
        return (0, 0, 0, 0)
    d = (date - SEP1).days
    return (1000 + 7 * d, 300 + d, 400 + 3 * d, 150 + d % 5)


def custom_day(date):
    """The custom workplaces' October PV of one day (WorkbookSamples.october's table)."""
    return 100 + (20 if date.day <= 10 else 0) + {5: 5, 4: 3, 3: 2, 2: 1}.get(date.day, 0)


OCTOBER = [OCT1 + datetime.timedelta(days=i) for i in range(31)]
SEPTEMBER = [SEP1 + datetime.timedelta(days=i) for i in range(30)]
ALL_PV = sum(overall_day(d)[0] for d in OCTOBER)
ALL_UV = sum(overall_day(d)[1] for d in OCTOBER)
DEFAULT_PV = sum(overall_day(d)[2] for d in OCTOBER)
DEFAULT_UV = sum(overall_day(d)[3] for d in OCTOBER)
CUSTOM_PV = sum(custom_day(d) for d in OCTOBER)
PREV_ALL_PV = sum(overall_day(d)[0] for d in SEPTEMBER)
PREV_ALL_UV = sum(overall_day(d)[1] for d in SEPTEMBER)


@pytest.fixture(scope="module")
def files() -> pathlib.Path:
    folder = pathlib.Path(tempfile.mkdtemp(prefix="whole-fixtures-"))
    run = subprocess.run(
        ["swift", "test", "--skip-build", "--filter", "WholeWorkplaceFixture"],
        cwd=ROOT, env={**os.environ, "INTEROP_OUT": str(folder)}, capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, f"fixture writer failed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def model(files, language="en"):
    return json.loads((files / f"whole-{language}.json").read_text(encoding="utf-8"))


def test_sanity_of_the_reference():
    assert CUSTOM_PV == 3311  # the workbook sample's October total


@pytest.mark.parametrize("language", LANGUAGES)
def test_json_overall_numbers(files, language):
    o = model(files, language)["overall"]
    t = o["totals"]
    assert (t["all_pv"], t["all_uv_days"], t["default_pv"], t["default_uv_days"]) == (
        ALL_PV, ALL_UV, DEFAULT_PV, DEFAULT_UV)
    assert t["all_avg_daily_uv"] == pytest.approx(ALL_UV / 31, rel=1e-12)
    assert t["custom_pv"] == CUSTOM_PV
    assert t["custom_share"] == pytest.approx(CUSTOM_PV / ALL_PV, rel=1e-12)
    assert t["previous"]["all_pv"] == PREV_ALL_PV and t["previous"]["all_uv_days"] == PREV_ALL_UV
    assert t["previous"]["all_avg_daily_uv"] == pytest.approx(PREV_ALL_UV / 30, rel=1e-12)
    assert t["previous"]["custom_pv"] == 1510
    assert t["all_pv_change_pct"] == pytest.approx((ALL_PV - PREV_ALL_PV) / PREV_ALL_PV * 100, rel=1e-12)
    assert list(t) == ["all_pv", "all_uv_days", "all_avg_daily_uv", "default_pv", "default_uv_days", "custom_pv",
                       "custom_share", "previous", "all_pv_change_pct"]
    assert [d["date"] for d in o["daily"]] == [d.isoformat() for d in OCTOBER]
    for row, date in zip(o["daily"], OCTOBER):
        assert (row["all_pv"], row["all_uv"], row["default_pv"], row["default_uv"]) == overall_day(date)
        assert row["custom_pv"] == custom_day(date)
        assert isinstance(row["all_pv"], int)
    # ISO weeks touching October 2026: W40 (Thu 1st) … W44 (Sat 31st), clipped.
    weeks = {}
    for d in OCTOBER:
        weeks.setdefault("%04d-W%02d" % d.isocalendar()[:2], []).append(d)
    assert [w["label"] for w in o["weekly"]] == list(weeks)
    for w in o["weekly"]:
        days = weeks[w["label"]]
        assert w["days_covered"] == len(days) and w["partial"] == (len(days) < 7)
        assert w["all_pv"] == sum(overall_day(d)[0] for d in days)
        assert w["all_avg_daily_uv"] == pytest.approx(sum(overall_day(d)[1] for d in days) / len(days))
        assert w["custom_pv"] == sum(custom_day(d) for d in days)
    assert [(m["label"], m["all_pv"], m["partial"]) for m in o["monthly"]] == [("2026-10", ALL_PV, False)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_json_blocks_ranked_like_workplaces(files, language):
    m = model(files, language)
    blocks = m["blocks"]
    assert [b["id"] for b in blocks] == ["blk_approve", "blk_news"]
    assert [b["name"] for b in blocks] == ["审批入口", "blk_news"]  # a block without a name shows its id
    assert set(blocks[0]) == set(m["workplaces"][0]) and list(blocks[0]) == list(m["workplaces"][0])
    a, n = blocks
    assert (a["pv"], a["uv_days"], a["rank"], a["active_days"], a["peak_daily_uv"]) == (930, 93, 1, 31, 3)
    assert a["share"] == pytest.approx(930 / 950) and n["share"] == pytest.approx(20 / 950)
    assert a["previous"] == {"pv": 300, "rank": 1} and a["pv_change_pct"] == pytest.approx(210.0)
    assert a["rank_change"] == 0 and a["new"] is False
    assert n["previous"] is None and n["new"] is True and n["pv"] == 20
    assert m["top_blocks"] == ["blk_approve", "blk_news"]
    conflicts = [w for w in m["warning_details"] if w["kind"] == "conflicting_duplicates"]
    assert [(w["count"], w["example"]["id"], w["example"]["date"]) for w in conflicts] == [
        (1, "all_workplace", "2026-10-05")]


@pytest.mark.parametrize("name", ["whole", "whole-constant"])
def test_overview_and_blocks_sheets(files, name):
    path = files / f"{name}-en.xlsx"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Summary", "Overview", "Workplaces", "Blocks", "Daily", "Weekly", "Monthly", "About"]
    grid = [list(r) for r in book["Overview"].iter_rows(values_only=True)]
    assert grid[0] == ["Date", "All-workplace PV", "All-workplace UV", "Default workplace PV",
                       "Default workplace UV", "Custom workplaces PV"]
    assert len(grid) == 32
    for row, date in zip(grid[1:], OCTOBER):
        assert row[0] == datetime.datetime(date.year, date.month, date.day)
        assert tuple(row[1:5]) == overall_day(date) and row[5] == custom_day(date)
    blocks = [list(r) for r in book["Blocks"].iter_rows(values_only=True)]
    assert blocks[0][:3] == ["Rank", "Block ID", "Block"] and blocks[0][3:] == \
        [c.value for c in book["Workplaces"][1]][3:]
    assert [r[:4] for r in blocks[1:]] == [[1, "blk_approve", "审批入口", 930], [2, "blk_news", "blk_news", 20]]
    assert blocks[1][9] == 300 and blocks[2][11] == "New"
    summary = [list(r) for r in book["Summary"].iter_rows(values_only=True)]
    kpi = {r[0]: r[1:4] for r in summary[6:12]}
    assert kpi["All-workplace PV"][0:2] == [ALL_PV, PREV_ALL_PV]
    assert kpi["All-workplace PV"][2] == pytest.approx((ALL_PV - PREV_ALL_PV) / PREV_ALL_PV, rel=1e-12)
    assert kpi["Avg daily users"][0] == pytest.approx(ALL_UV / 31)
    assert kpi["Avg daily users"][1] == pytest.approx(PREV_ALL_UV / 30)
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 3
        overview = [z.read(n).decode() for n in charts if "Overview!" in z.read(n).decode()]
        assert len(overview) == 1 and "<c:lineChart>" in overview[0] and overview[0].count("<c:ser>") == 5
        assert "Overview!$B$2:$B$32" in overview[0] and "Overview!$F$2:$F$32" in overview[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_html_overall_and_blocks_sections(files, language):
    text = (files / f"whole-{language}.html").read_text(encoding="utf-8")
    doc = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(text)
    sections = {s.get("class"): s for s in doc.iter("section")}
    assert {"overall", "blocks"} <= set(sections)
    daily = [t for t in sections["overall"].iter("table") if "overall-daily" in (t.get("class") or "")][0]
    rows = [["".join(td.itertext()) for td in tr.iter("td")] for tr in daily.find("tbody").iter("tr")]
    assert len(rows) == 31
    for row, date in zip(rows, OCTOBER):
        assert row[0] == date.isoformat()
        assert [int(v.replace(",", "")) for v in row[1:]] == list(overall_day(date)) + [custom_day(date)]
    top = [t for t in sections["blocks"].iter("table") if "top-blocks" in (t.get("class") or "")][0]
    names = ["".join(tr.findall("td")[1].itertext()) for tr in top.find("tbody").iter("tr")]
    assert names == ["审批入口blk_approve", "blk_news" * 2]
    assert any(isinstance(el.tag, str) and el.tag.endswith("}svg") for el in sections["overall"].iter())


def gfm(md):
    run = subprocess.run(["cmark-gfm", "-e", "table"], input=md, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    return html5lib.parse(run.stdout, namespaceHTMLElements=False)


@pytest.mark.parametrize("language", LANGUAGES)
def test_markdown_overall_and_blocks_as_github_renders_them(files, language):
    doc = gfm((files / f"whole-{language}.md").read_text(encoding="utf-8"))
    tables = [[["".join(c.itertext()) for c in tr if c.tag in ("td", "th")] for tr in t.iter("tr")]
              for t in doc.iter("table")]
    # KPI table, top workplaces, overall KPIs, overall weeks, top blocks.
    weeks = next(t for t in tables if t[1][0].startswith("2026-W40"))
    assert [int(r[1].replace(",", "")) for r in weeks[1:]] == [
        sum(overall_day(d)[0] for d in OCTOBER if d.isocalendar()[1] == w) for w in range(40, 45)]
    assert [int(r[4].replace(",", "")) for r in weeks[1:]] == [
        sum(custom_day(d) for d in OCTOBER if d.isocalendar()[1] == w) for w in range(40, 45)]
    blocks = tables[-1]
    assert [r[1] for r in blocks[1:]] == ["审批入口", "blk_news"]
    assert [int(r[2]) for r in blocks[1:]] == [930, 20]


@pytest.mark.parametrize("language", LANGUAGES)
def test_mail_html_has_the_overall_kpis(files, language):
    text = (files / f"whole-mail-{language}.html").read_text(encoding="utf-8")
    doc = html5lib.parse(text, namespaceHTMLElements=False)
    # The key-figure rows (a value cell in 18px type): the 4 custom ones, then the 5 of the whole workplace.
    # (Mail HTML carries no class attributes: Gmail and Outlook drop them.)
    kpis = [tr for tr in doc.iter("tr") if len(tr.findall("td")) == 3
            and "font-size:18px" in (tr.findall("td")[1].get("style") or "")]
    assert len(kpis) == 4 + 5
    rows = kpis[4:]
    values = ["".join(tr.findall("td")[1].itertext()) for tr in rows]
    assert int(values[0].replace(",", "")) == ALL_PV
    assert float(values[1].replace(",", "")) == pytest.approx(ALL_UV / 31, abs=0.05)
    changes = ["".join(tr.findall("td")[2].itertext()) for tr in rows]
    assert changes[3].startswith("▲ %.1f%%" % ((CUSTOM_PV - 1510) / 1510 * 100))
