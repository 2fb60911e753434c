"""The JSON report is a contract (schema workplace-report/v1, spec §6.1): keys, types and sums."""
import json
import math

import pytest

from conftest import only

TOP_KEYS = {"schema", "generated_at", "language", "source", "period", "previous_period", "totals", "workplaces",
            "top", "daily", "weekly", "monthly", "workplace_weekly", "workplace_monthly", "warnings"}
WORKPLACE_KEYS = {"id", "name", "rank", "pv", "uv_days", "avg_daily_uv", "peak_daily_uv", "active_days", "share",
                  "previous", "pv_change_pct", "new"}
BUCKET_KEYS = {"label", "from", "to", "partial", "days_covered", "pv", "uv_days", "avg_daily_uv"}
WP_BUCKET_KEYS = {"id", "label", "pv", "uv_days", "avg_daily_uv", "peak_daily_uv", "active_days"}


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def test_keys_and_types(demo_dir):
    model = json.loads(only(demo_dir, "workplace-access-*.json").read_text("utf-8"))
    assert TOP_KEYS <= model.keys()
    assert model["schema"] == "workplace-report/v1"
    assert model["generated_at"] == "2026-11-01T08:00:00Z"
    p = model["period"]
    assert set(p) >= {"from", "to", "label", "days"} and is_int(p["days"])
    t = model["totals"]
    assert is_int(t["pv"]) and is_int(t["uv_days"]) and isinstance(t["avg_daily_uv"], float)
    assert is_int(t["active_workplaces"])
    # Every workplace with views in the previous period is in the list (it has records, so it is ranked).
    prev_active = sum(1 for w in model["workplaces"] if w["previous"] and w["previous"]["pv"] > 0)
    assert t["previous"]["active_workplaces"] == prev_active
    assert t["active_workplaces_change_pct"] == pytest.approx(
        (t["active_workplaces"] - prev_active) / prev_active * 100, rel=1e-12)
    for w in model["workplaces"]:
        assert WORKPLACE_KEYS <= w.keys()
        for k in ("rank", "pv", "uv_days", "peak_daily_uv", "active_days"):
            assert is_int(w[k]), k
        assert isinstance(w["avg_daily_uv"], float) and isinstance(w["share"], float)
        assert isinstance(w["new"], bool)
        assert w["pv_change_pct"] is None or isinstance(w["pv_change_pct"], float)
        assert w["previous"] is None or (is_int(w["previous"]["pv"]) and is_int(w["previous"]["rank"]))
    for b in model["weekly"] + model["monthly"]:
        assert BUCKET_KEYS <= b.keys() and isinstance(b["partial"], bool)
    for b in model["workplace_weekly"] + model["workplace_monthly"]:
        assert WP_BUCKET_KEYS <= b.keys()


def test_numbers_add_up(demo_dir):
    m = json.loads(only(demo_dir, "workplace-access-*.json").read_text("utf-8"))
    t, wps, days = m["totals"], m["workplaces"], m["period"]["days"]
    assert len(m["daily"]) == days
    assert sum(d["pv"] for d in m["daily"]) == t["pv"] == sum(w["pv"] for w in wps)
    assert sum(d["uv_days"] for d in m["daily"]) == t["uv_days"] == sum(w["uv_days"] for w in wps)
    assert math.isclose(t["avg_daily_uv"], t["uv_days"] / days)
    assert sum(b["days_covered"] for b in m["weekly"]) == days
    assert sum(b["days_covered"] for b in m["monthly"]) == days
    assert sum(b["pv"] for b in m["weekly"]) == t["pv"] == sum(b["pv"] for b in m["workplace_monthly"])
    if t["pv"]:
        assert math.isclose(sum(w["share"] for w in wps), 1.0)
    # Rank order: PV desc, then average daily UV desc, then id asc.
    keys = [(-w["pv"], -w["avg_daily_uv"], w["id"]) for w in wps]
    assert keys == sorted(keys)
    assert [w["rank"] for w in wps] == list(range(1, len(wps) + 1))
    assert m["top"] == [w["id"] for w in wps[: len(m["top"])]]
    for w in wps:
        assert math.isclose(w["avg_daily_uv"], w["uv_days"] / days)
        prev = w["previous"]
        if prev and prev["pv"]:
            assert math.isclose(w["pv_change_pct"], (w["pv"] - prev["pv"]) / prev["pv"] * 100)
    prev = t["previous"]
    if prev:
        assert math.isclose(t["pv_change_pct"], (t["pv"] - prev["pv"]) / prev["pv"] * 100)
        assert math.isclose(t["uv_days_change_pct"], (t["uv_days"] - prev["uv_days"]) / prev["uv_days"] * 100)
        prev_days = m["previous_period"]["days"]
        assert math.isclose(prev["avg_daily_uv"], prev["uv_days"] / prev_days)
        assert math.isclose(t["avg_daily_uv_change_pct"], (t["avg_daily_uv"] / prev["avg_daily_uv"] - 1) * 100)
    # UV honesty: nothing in the model calls summed UV "users".
    text = json.dumps(m, ensure_ascii=False).lower()
    assert "unique_users" not in text and "users" not in set(m["totals"])
