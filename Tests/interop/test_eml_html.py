# Requires: pip install pytest (the `email` and `html.parser` packages are in the standard library)
"""The e-mail's HTML part read as Gmail and Outlook for Windows read it: `<svg>` dropped, `<style>` dropped.

`workplace-report demo --formats json,eml` writes the JSON model and the message of one run. The HTML part
is taken from the message with Python's `email` package, its `<style>` and `<svg>` elements are removed, and
every number of the report (key figures, the daily series, the top-N chart, both tables, the weekly totals)
must still be in the table cell it belongs to, each chart bar as wide as its value says. Expected texts are
formatted here from the JSON model, independently of the Swift code.
"""
import email
import json
import html.parser
import re
from email import policy

import pytest

from conftest import only, run

ENVELOPE = ["--mail-from", "reports@example.com", "--mail-to", "ops@example.com", "--subject", "Access"]
BAR_MAX = 300  # the widest chart bar, in pixels


@pytest.fixture(scope="module")
def mail(tmp_path_factory):
    out = tmp_path_factory.mktemp("mail-html")
    run("demo", "--out-dir", str(out), "--quiet", "--language", "en", "--formats", "json,eml", *ENVELOPE)
    message = email.message_from_bytes(only(out, "*.eml").read_bytes(), policy=policy.default)
    [part] = [p for p in message.walk() if p.get_content_type() == "text/html"]

    return part.get_content(), json.loads(only(out, "workplace-access-*.json").read_text("utf-8"))


def _stripped(text):
    """The HTML as a client that drops `<style>` and `<svg>` keeps it."""
    return re.sub(r"(?is)<(style|svg)\b.*?</\1\s*>", "", text)


class _Tables(html.parser.HTMLParser):
    """Every table row as a list of cells; a cell is (its text with `<br>` as a line break, the widths of the
    bar cells inside it). Rows of nested tables are collected too, and their text also counts for the cell
    around them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows, self._rows, self._cells = [], [], []
        self.attributes = []

    def handle_starttag(self, tag, attrs):
        self.attributes.append((tag, dict(attrs)))
        if tag == "tr":
            self._rows.append([])
        elif tag in ("td", "th"):
            self._cells.append([[], []])
            bar = dict(attrs).get("bgcolor")
            if bar is not None:
                for cell in self._cells[:-1]:
                    cell[1].append(int(dict(attrs)["width"]))
        elif tag == "br":
            self._text("\n")

    def _text(self, data):
        for cell in self._cells:
            cell[0].append(data)

    def handle_data(self, data):
        self._text(data)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cells:
            text, bars = self._cells.pop()
            lines = [" ".join(line.split()) for line in "".join(text).split("\n")]
            self._rows[-1].append(("\n".join(line for line in lines if line), bars))
        elif tag == "tr" and self._rows:
            self.rows.append(self._rows.pop())


def _rows(text):
    parser = _Tables()
    parser.feed(_stripped(text))
    return parser


def _int(n):
    return f"{n:,}"


def _dec(x):
    return f"{x:,.1f}"


def _pct(share):
    return f"{share * 100:.1f}%"


def _change(pct):
    if pct is None:
        return "–"
    text = f"{abs(pct):,.1f}"
    return "0.0%" if text == "0.0" else ("▲ " if pct > 0 else "▼ ") + text + "%"


def _shown(line, name):
    """A name as a table shows it: whole, or its start followed by "…" (the full name is in the JSON)."""
    name = " ".join(name.split())  # control characters show as spaces, runs of white space as one
    return line == name or (line.endswith("…") and len(line) > 10 and name.startswith(line[:-1]))


def _texts(row):
    return [cell for cell, _ in row]


def _find(rows, first):
    found = [r for r in rows if r and r[0][0] == first]
    assert found, f"no table row starts with {first!r}"
    return found


def test_html_part_has_no_svg_style_script_class_or_external_reference(mail):
    text, _ = mail
    lowered = text.lower()
    for needle in ("<svg", "<style", "<script", "<link", "<img", "class=", "url(", "@import", "javascript:"):
        assert needle not in lowered, needle
    parser = _rows(text)
    for tag, attrs in parser.attributes:
        assert "src" not in attrs and "href" not in attrs, (tag, attrs)
        if "width" in attrs and attrs["width"].isdigit():
            assert int(attrs["width"]) <= 640, (tag, attrs)
    widths = [int(w) for w in re.findall(r"max-width:\s*(\d+)px", text)]
    assert widths and max(widths) <= 640
    assert 'width="640"' in text


def test_key_figures_survive(mail):
    text, model = mail
    totals = model["totals"]
    rows = [_texts(r) for r in _rows(text).rows]
    expected = [
        ("PV", _int(totals["pv"]), _change(totals["pv_change_pct"]), _int(totals["previous"]["pv"])),
        ("UV-days", _int(totals["uv_days"]), _change(totals["uv_days_change_pct"]), _int(totals["previous"]["uv_days"])),
        ("Avg daily UV", _dec(totals["avg_daily_uv"]), _change(totals["avg_daily_uv_change_pct"]),
         _dec(totals["previous"]["avg_daily_uv"])),
        ("Active workplaces", _int(totals["active_workplaces"]), _change(totals["active_workplaces_change_pct"]),
         _int(totals["previous"]["active_workplaces"])),
    ]
    for label, value, change, previous in expected:
        row = [r for r in rows if len(r) == 3 and r[0] == label and r[1] == value]
        assert row, f"no key figure row {label} {value}"
        assert row[0][2].startswith(change + " "), row[0]
        assert row[0][2].endswith(": " + previous), row[0]


def test_daily_chart_keeps_every_day_and_bar(mail):
    text, model = mail
    rows = _rows(text).rows
    peak = max(max(d["pv"], d["uv_days"]) for d in model["daily"])
    assert len(model["daily"]) == 31
    for day in model["daily"]:
        [row] = [r for r in rows if len(r) == 4 and r[0][0] == day["date"]]
        assert _texts(row)[2:] == [_int(day["pv"]), _int(day["uv_days"])]
        assert row[1][1] == [round(day["pv"] / peak * BAR_MAX), round(day["uv_days"] / peak * BAR_MAX)]


def test_top_chart_and_table_keep_every_number(mail):
    text, model = mail
    rows = _rows(text).rows
    by_id = {w["id"]: w for w in model["workplaces"]}
    top = [by_id[i] for i in model["top"]]
    peak = max(w["pv"] for w in top)
    for w in top:
        bar = [r for r in rows if len(r) == 3 and r[0][0] == str(w["rank"]) and _shown(r[1][0].split("\n")[0], w["name"])]
        assert bar, f"no top-chart bar for {w['name']}"
        assert bar[0][2][0] == f"{_int(w['pv'])} · {_pct(w['share'])}"
        assert bar[0][1][1] == [round(w["pv"] / peak * BAR_MAX)]
        rank = str(w["rank"])
        if w["rank_change"] is not None:
            rc = w["rank_change"]
            rank += "\n" + ("=" if rc == 0 else ("▲ " if rc > 0 else "▼ ") + str(abs(rc)))
        table = [_texts(r) for r in rows if len(r) == 7 and r[0][0] == rank]
        assert table, f"no top-table row with rank cell {rank!r}"
        name, spark = table[0][1].split("\n")[0:2], table[0][1].split("\n")[2]
        assert _shown(name[0], w["name"]) and name[1] == w["id"]  # name and id on lines of their own
        assert len(spark) == model["period"]["days"] and set(spark) <= set("▁▂▃▄▅▆▇█")
        assert table[0][2:] == [_int(w["pv"]), _pct(w["share"]), _change(w["pv_change_pct"]), _int(w["uv_days"]),
                                _dec(w["avg_daily_uv"])]


def test_all_workplaces_and_weekly_totals_keep_every_number(mail):
    text, model = mail
    rows = [_texts(r) for r in _rows(text).rows]
    for w in model["workplaces"]:
        previous = _int(w["previous"]["pv"]) if w["previous"] else "–"
        change = "New" if w["new"] else _change(w["pv_change_pct"])
        want = [str(w["rank"]), None, f"{_int(w['pv'])}\n{_pct(w['share'])}",
                f"{_int(w['uv_days'])}\n{_dec(w['avg_daily_uv'])}",
                f"{_int(w['peak_daily_uv'])}\n{w['active_days']}", f"{previous}\n{change}"]
        found = [r for r in rows if len(r) == 6 and r[0] == want[0] and r[1].split("\n")[1:2] == [w["id"]] and _shown(r[1].split("\n")[0], w["name"])]
        assert found, f"no all-workplaces row for {w['name']}"
        assert found[0][2:] == want[2:]
    for week in model["weekly"]:
        label = week["label"] + ("\nPartial" if week["partial"] else "")
        [row] = [r for r in rows if len(r) == 6 and r[0] == label]
        rng = week["from"] if week["from"] == week["to"] else f"{week['from']} – {week['to']}"
        assert row[1:] == [rng, str(week["days_covered"]), _int(week["pv"]), _int(week["uv_days"]),
                           _dec(week["avg_daily_uv"])]
