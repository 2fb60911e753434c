"""The XLSX workbook read back by openpyxl, not by our own writer.

The workbooks come from the Swift test `WorkbookFixture` (Tests/WorkplaceRenderingTests/WorkbookTests.swift),
which this module runs once with INTEROP_OUT set to a temporary folder; `swift build --build-tests` must have
run first. The sample report is described in WorkbookSamples.swift; every expected number below is counted by
hand from that table (October 2026 against September 2026, six workplaces, 45 records).
"""
import datetime
import json
import os
import pathlib
import shutil
import subprocess
import tempfile
import zipfile

import openpyxl
import pytest

from conftest import only

ROOT = pathlib.Path(__file__).resolve().parents[2]
# openpyxl drops the Excel 2010 data-bar extension it cannot model, and says so; the base rule stays.
pytestmark = pytest.mark.filterwarnings("ignore:.*extension is not supported:UserWarning")
NAMES = ["sample-en", "sample-zh", "sample-ja", "split-en", "constant-en", "empty-en"]

WORKPLACES_HEADERS = ["Rank", "Workplace ID", "Workplace", "PV", "Share", "UV-days", "Avg daily UV", "Peak daily UV",
                      "Active days", "Previous PV", "Change %", "Rank change"]
DAILY_HEADERS = ["Date", "Workplace ID", "Workplace", "PV", "UV"]
BUCKET_HEADERS = ["Period", "Workplace ID", "Workplace", "PV", "UV-days", "Avg daily UV", "Peak daily UV",
                  "Active days", "Days covered", "Partial"]
LONG_NAME_CUT = "+" + "x" * 32765 + "…"  # 32,767 characters: the 40,001-character name cut with an ellipsis
HOSTILE_TITLE = '=HYPERLINK("http://example.com","x") <script>'

# (rank, id, name, pv, uv_days, peak, active_days, previous_pv, change %, rank change) for October 2026.
EXPECTED = [
    (1, "tpl_sales", "Sales portal", 3100, 310, 10, 31, 1500, (3100 - 1500) / 1500, 0),
    (2, "tpl_formula", "=1+1", 200, 20, 2, 10, None, None, "New"),
    (3, "tpl_html", "<b>HR</b> & 😀 team", 5, 1, 1, 1, 10, -0.5, -1),
    (4, "tpl_minus", "-2+3", 3, 1, 1, 1, None, None, "New"),
    (5, "tpl_at", "@SUM(A1:A2)", 2, 1, 1, 1, None, None, "New"),
    (6, "tpl_long", LONG_NAME_CUT, 1, 1, 1, 1, None, None, "New"),
]
TOTAL_PV, TOTAL_UV, PREVIOUS_PV, PREVIOUS_UV = 3311, 334, 1510, 152


@pytest.fixture(scope="module")
def books() -> pathlib.Path:
    folder = pathlib.Path(tempfile.mkdtemp(prefix="xlsx-fixtures-"))
    run = subprocess.run(
        ["swift", "test", "--skip-build", "--filter", "WorkbookFixture"],
        cwd=ROOT, env={**os.environ, "INTEROP_OUT": str(folder)}, capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, f"fixture writer failed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
    for name in NAMES:
        assert (folder / f"{name}.xlsx").is_file(), f"{name}.xlsx was not written"
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def load(books, name):
    return openpyxl.load_workbook(books / f"{name}.xlsx")


def rows(ws, first=1):
    return [list(r) for r in ws.iter_rows(min_row=first, values_only=True)]


def cells(ws, first=1):
    return list(ws.iter_rows(min_row=first))


def test_sheets_in_reading_order_with_summary_active(books):
    wb = load(books, "sample-en")
    assert wb.sheetnames == ["Summary", "Workplaces", "Daily", "Weekly", "Monthly", "About"]
    assert wb.active.title == "Summary"
    assert load(books, "sample-zh").sheetnames == ["概览", "工作台", "每日", "每周", "每月", "关于"]
    assert load(books, "sample-ja").sheetnames[0] == "概要"


def test_workplaces_values_and_formats(books):
    ws = load(books, "sample-en")["Workplaces"]
    assert rows(ws)[0] == WORKPLACES_HEADERS
    body = cells(ws, 2)
    assert len(body) == len(EXPECTED)
    for row, (rank, wid, name, pv, uv, peak, active, prev, change, rank_change) in zip(body, EXPECTED):
        values = [c.value for c in row]
        assert values[0:4] == [rank, wid, name, pv]
        assert values[4] == pytest.approx(pv / TOTAL_PV, rel=1e-12)
        assert values[5] == uv
        assert values[6] == pytest.approx(uv / 31, rel=1e-12)
        assert values[7:10] == [peak, active, prev]
        assert values[10] == (None if change is None else pytest.approx(change, rel=1e-12))
        assert values[11] == rank_change
        assert row[2].data_type == "s"
        assert row[3].number_format == "#,##0"
        assert row[4].number_format == "0.0%"
        assert row[6].number_format == "#,##0.0"
        assert row[10].number_format == "+0.0%;-0.0%;0.0%"
    assert ws.freeze_panes == "A2"
    assert list(ws.tables) and ws.tables[list(ws.tables)[0]].ref == "A1:L7"
    rules = [r for rng in ws.conditional_formatting for r in rng.rules]
    assert [r.type for r in rules] == ["dataBar"]
    assert [str(rng.sqref) for rng in ws.conditional_formatting] == ["D2:D7"]


def test_hostile_names_are_strings_everywhere(books):
    wb = load(books, "sample-en")
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", f"{ws.title}!{c.coordinate} is a formula: {c.value!r}"
    summary = wb["Summary"]
    assert summary["A1"].value == HOSTILE_TITLE and summary["A1"].data_type == "s"
    names = [r[2] for r in rows(wb["Workplaces"], 2)]
    assert "=1+1" in names and "@SUM(A1:A2)" in names and "-2+3" in names and "<b>HR</b> & 😀 team" in names
    long = [n for n in names if n.startswith("+x")][0]
    assert len(long) == 32767 and long.endswith("…") and long == LONG_NAME_CUT


def test_daily_is_a_table_of_real_dates(books):
    ws = load(books, "sample-en")["Daily"]
    assert rows(ws)[0] == DAILY_HEADERS
    body = cells(ws, 2)
    assert len(body) == 45
    first = body[0]
    assert first[0].is_date and first[0].value == datetime.datetime(2026, 10, 1)
    assert "yy" in first[0].number_format
    assert [c.value for c in first[1:]] == ["tpl_formula", "=1+1", 20, 2]  # sorted by (date, id)
    assert all(r[0].is_date and datetime.datetime(2026, 10, 1) <= r[0].value <= datetime.datetime(2026, 10, 31)
               for r in body)
    assert sum(r[3].value for r in body) == TOTAL_PV
    assert sum(r[4].value for r in body) == TOTAL_UV
    assert [t.ref for t in ws.tables.values()] == ["A1:E46"]
    assert ws.freeze_panes == "A2"


def test_print_setup_on_every_sheet(books):
    wb = load(books, "sample-en")
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert str(ws.page_setup.paperSize) == "9", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.page_setup.fitToWidth in (1, "1", None), ws.title  # 1 is the default
        assert str(ws.page_setup.fitToHeight) == "0", ws.title
    # Every sheet repeats its first row on each printed page: a table's header, or the title on
    # Summary and About.
    for ws in wb.worksheets:
        assert ws.print_title_rows == "$1:$1", ws.title


def test_weekly_and_monthly_buckets(books):
    wb = load(books, "sample-en")
    weekly = rows(wb["Weekly"])
    assert weekly[0] == BUCKET_HEADERS
    body = weekly[1:]
    # Five ISO weeks touch October 2026 (W40: Sep 28 – Oct 4 … W44: Oct 26 – Nov 1), six workplaces each.
    assert len(body) == 30
    assert sorted({r[0] for r in body}) == ["2026-W40", "2026-W41", "2026-W42", "2026-W43", "2026-W44"]
    assert sum(r[3] for r in body) == TOTAL_PV and sum(r[4] for r in body) == TOTAL_UV
    covered = {r[0]: (r[8], r[9]) for r in body}
    assert covered["2026-W40"] == (4, "Partial") and covered["2026-W44"] == (6, "Partial")
    assert covered["2026-W42"] == (7, None)
    sales_w41 = [r for r in body if r[0] == "2026-W41" and r[1] == "tpl_sales"][0]
    assert sales_w41[3:8] == [700, 70, pytest.approx(10.0), 10, 7]
    monthly = rows(wb["Monthly"])[1:]
    assert [r[1] for r in monthly] == [e[1] for e in EXPECTED]
    assert all(r[0] == "2026-10" and r[8] == 31 and r[9] is None for r in monthly)
    assert [r[3] for r in monthly] == [e[3] for e in EXPECTED]


def test_summary_kpis_top_and_charts(books):
    path = books / "sample-en.xlsx"
    ws = openpyxl.load_workbook(path)["Summary"]
    grid = rows(ws)
    kpi = {r[0]: r[1:4] for r in grid[6:10]}
    assert kpi["PV"][0:2] == [TOTAL_PV, PREVIOUS_PV]
    assert kpi["PV"][2] == pytest.approx((TOTAL_PV - PREVIOUS_PV) / PREVIOUS_PV, rel=1e-12)
    assert kpi["UV-days"][0:2] == [TOTAL_UV, PREVIOUS_UV]
    assert kpi["UV-days"][2] == pytest.approx((TOTAL_UV - PREVIOUS_UV) / PREVIOUS_UV, rel=1e-12)
    # Average daily UV: October's 334 user-days over 31 days against September's 152 over 30 days.
    assert kpi["Avg daily UV"][0] == pytest.approx(TOTAL_UV / 31)
    assert kpi["Avg daily UV"][1] == pytest.approx(PREVIOUS_UV / 30)
    assert kpi["Avg daily UV"][2] == pytest.approx((TOTAL_UV / 31 - PREVIOUS_UV / 30) / (PREVIOUS_UV / 30), rel=1e-12)
    assert ws["C9"].number_format == ws["B9"].number_format and ws["D9"].number_format == ws["D7"].number_format
    assert kpi["Active workplaces"][0:2] == [6, 2]  # tpl_sales and tpl_html had views in September
    assert kpi["Active workplaces"][2] == pytest.approx((6 - 2) / 2, rel=1e-12)
    title_row = next(i for i, r in enumerate(grid) if r[0] == "Top 5 workplaces by PV")
    top = grid[title_row + 2:title_row + 7]
    assert [r[1] for r in top] == [e[2] for e in EXPECTED[:5]]
    assert [r[2] for r in top] == [e[3] for e in EXPECTED[:5]]
    trend_row = next(i for i, r in enumerate(grid) if r[0] == "Daily PV and UV-days (all workplaces)")
    days = grid[trend_row + 2:trend_row + 33]
    assert [d[0] for d in days] == [datetime.datetime(2026, 10, 1) + datetime.timedelta(days=i) for i in range(31)]
    assert sum(d[1] for d in days) == TOTAL_PV and days[0][1:3] == [120, 12] and days[30][1:3] == [100, 10]
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        assert "xl/charts/chart1.xml" in names and "xl/charts/chart2.xml" in names
        line = z.read("xl/charts/chart1.xml").decode()
        bar = z.read("xl/charts/chart2.xml").decode()
        assert "<c:lineChart>" in line and line.count("<c:ser>") == 2
        assert "<c:barChart>" in bar and '<c:barDir val="bar"/>' in bar
        assert "Summary!$B$14:$B$18" in bar and "Summary!$C$14:$C$18" in bar
        rels = z.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
        assert "drawing" in rels
        core = z.read("docProps/core.xml").decode()
        assert ">2026-11-01T06:00:00Z</dcterms:created>" in core


def test_document_properties(books):
    wb = load(books, "sample-zh")
    assert wb.properties.title == "定制工作台访问报告"
    assert wb.properties.creator == "workplace-report"
    assert wb.properties.created == datetime.datetime(2026, 11, 1, 6, 0, 0)
    assert "2026-10" in wb.properties.subject


def test_about_sheet(books):
    grid = rows(load(books, "sample-en")["About"])
    text = "\n".join(str(v) for r in grid for v in r if v is not None)
    assert "https://open.feishu.cn" in text
    assert "2026-10 (2026-10-01 – 2026-10-31)" in text and "2026-09 (2026-09-01 – 2026-09-30)" in text
    assert "2026-11-01T06:00:00Z" in text
    assert "not a count of unique users" in text
    assert "Warnings" in text


def test_localized_headers(books):
    wb = load(books, "sample-zh")
    assert rows(wb["每日"])[0] == ["日期", "工作台 ID", "工作台", "访问次数 (PV)", "访问用户数 (UV)"]
    assert rows(wb["工作台"])[1][2] == "销售门户"


def test_split_sheets_hold_every_row_once(books):
    wb = load(books, "split-en")
    assert wb.sheetnames == ["Summary", "Workplaces", "Daily", "Daily 2", "Daily 3", "Weekly", "Weekly 2",
                             "Monthly", "About"]
    parts = [rows(wb[n]) for n in ["Daily", "Daily 2", "Daily 3"]]
    assert [len(p) - 1 for p in parts] == [20, 20, 5]
    assert all(p[0] == DAILY_HEADERS for p in parts)
    together = [r for p in parts for r in p[1:]]
    whole = rows(load(books, "sample-en")["Daily"])[1:]
    assert together == whole
    for n in ["Daily", "Daily 2", "Daily 3"]:
        assert len(wb[n].tables) == 1 and wb[n].freeze_panes == "A2" and wb[n].print_title_rows == "$1:$1"


def test_constant_memory_has_the_same_values_with_filters(books):
    const = load(books, "constant-en")
    normal = load(books, "sample-en")
    for name in normal.sheetnames:
        assert rows(const[name]) == rows(normal[name]), name
    daily = const["Daily"]
    assert len(daily.tables) == 0
    assert daily.auto_filter.ref == "A1:E46"
    assert daily.freeze_panes == "A2"
    assert const["Daily"]["A2"].is_date


def test_empty_report_says_so(books):
    wb = load(books, "empty-en")
    assert wb.sheetnames == ["Summary", "Workplaces", "Daily", "Weekly", "Monthly", "About"]
    summary = [v for r in rows(wb["Summary"]) for v in r if v is not None]
    assert "No access data for this period." in summary
    assert rows(wb["Daily"]) == [DAILY_HEADERS]
    assert wb["Daily"].auto_filter.ref == "A1:E1"


def one_line(name):
    return name.replace("\r\n", " ").replace("\r", " ").replace("\n", " ").replace("\t", " ")


def test_demo_workbook_agrees_with_the_json_model(demo_dir):
    """The workbook the real binary wrote for the demo, against the JSON the same run wrote."""
    model = json.loads(only(demo_dir, "workplace-access-*.json").read_text("utf-8"))
    wb = openpyxl.load_workbook(only(demo_dir, "workplace-access-*.xlsx"))
    # The demo has all three datasets: Summary, Overview, Workplaces, Blocks, Daily, Weekly, Monthly, About.
    assert model["overall"] is not None and model["blocks"] is not None
    assert len(wb.sheetnames) == 8 and wb.active.title == wb.sheetnames[0]
    summary, _, workplaces, _, daily, weekly, monthly, _ = wb.worksheets
    assert summary["B7"].value == model["totals"]["pv"] and summary["B8"].value == model["totals"]["uv_days"]
    # Every KPI row with a previous value in the model shows it and the change, as HTML and Markdown do.
    totals = model["totals"]
    assert summary["B9"].value == pytest.approx(totals["avg_daily_uv"], rel=1e-12)
    assert summary["C9"].value == pytest.approx(totals["previous"]["avg_daily_uv"], rel=1e-12)
    assert summary["D9"].value == pytest.approx(totals["avg_daily_uv_change_pct"] / 100, rel=1e-12)
    body = rows(workplaces, 2)
    assert len(body) == len(model["workplaces"])
    for got, want in zip(body, model["workplaces"]):
        assert got[0:2] == [want["rank"], want["id"]]
        assert got[2][:200] == one_line(want["name"])[:200]
        assert got[3] == want["pv"] and got[5] == want["uv_days"]
        assert got[4] == pytest.approx(want["share"], rel=1e-12)
        assert got[6] == pytest.approx(want["avg_daily_uv"], rel=1e-12)
        assert got[7:9] == [want["peak_daily_uv"], want["active_days"]]
        change = want["pv_change_pct"]
        assert got[10] == (None if change is None else pytest.approx(change / 100, rel=1e-12))
    days = rows(daily, 2)
    first = datetime.datetime.fromisoformat(model["period"]["from"])
    last = datetime.datetime.fromisoformat(model["period"]["to"])
    assert all(first <= r[0] <= last for r in days)
    assert sum(r[3] for r in days) == model["totals"]["pv"]
    assert sum(r[4] for r in days) == model["totals"]["uv_days"]
    assert len(rows(weekly, 2)) == len(model["workplace_weekly"])
    assert len(rows(monthly, 2)) == len(model["workplace_monthly"])
    assert sum(r[3] for r in rows(weekly, 2)) == model["totals"]["pv"]


def test_history_sheet_with_a_hole_in_memory_and_constant_memory(books):
    """The template fixture `history()`: October 2026 with data from 2025-09 on, April 2026 never fetched.
    The sheet is the same in both memory modes; the month not covered has blank figures and says "no"."""
    for name in ("history-en", "history-constant-en"):
        wb = load(books, name)
        assert wb.sheetnames[-2:] == ["Last 13 months", "About"]
        table = rows(wb["Last 13 months"])
        assert table[0][:8] == ["Month", "First day", "Last day", "Days covered", "PV", "UV-days", "Avg daily UV",
                                "Covered"]
        months = table[1:14]
        assert [m[0] for m in months] == ["2025-10", "2025-11", "2025-12"] + [f"2026-{i:02d}" for i in range(1, 11)]
        for m in months:
            if m[0] == "2026-04":
                assert m[3] == 0 and m[4:7] == [None, None, None] and m[7] == "no"
                assert all(v is None for v in m[8:13]), "the trend columns are blank where not covered"
            else:
                assert m[3] == (m[2] - m[1]).days + 1 and m[7] == "yes"
                # Six workplaces, five in the trend; the sixth went quiet after 2025-12.
                if m[0] >= "2026-01":
                    assert m[4] == sum(m[8:13])
                else:
                    assert m[4] > sum(m[8:13])
        summary = wb[wb.sheetnames[0]]
        assert summary["E6"].value == "2025-10" and summary["F6"].value == "YoY change"
        assert summary["E7"].value == months[0][4], "the year-ago PV is October 2025's"
        assert summary["B7"].value == months[-1][4]
        with zipfile.ZipFile(books / f"{name}.xlsx") as z:
            charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert any("'Last 13 months'!$I$2:$I$14" in c and c.count("<c:ser>") == 5 for c in charts)
