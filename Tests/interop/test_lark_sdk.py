"""The official Python SDK (lark-oapi) pages through the simulator, and agrees with our client.

`workplace-report simulate --port 0` serves the simulated Open API; lark-oapi talks to it exactly as
it talks to open.feishu.cn (tenant token from the internal-app endpoint, POST search with query
parameters only). This checks the simulator against an independent client, and then checks that
`workplace-report fetch` returns the same records the official SDK saw.
"""
import json
import re
import signal
import subprocess
import time

import lark_oapi as lark
import pytest
from lark_oapi.api.workplace.v1 import (SearchCustomWorkplaceAccessDataRequest, SearchWorkplaceAccessDataRequest,
                                        SearchWorkplaceBlockAccessDataRequest)
from lark_oapi.core.exception import ObtainAccessTokenException

from conftest import binary, run

APP_ID = "cli_simulator0000demo"
APP_SECRET = "simulator-demo-secret-not-a-real-one"
# The simulator's default tenant starts 2025-01-01 and launches one workplace on 2026-01-01.
FROM, TO = "2025-12-20", "2026-01-12"


@pytest.fixture(scope="module")
def simulator():
    proc = subprocess.Popen(
        [binary(), "simulate", "--port", "0", "--seed", "3"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = None
        deadline = time.monotonic() + 30
        while url is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            match = re.search(r"(http://127\.0\.0\.1:\d+)", line)
            if match:
                url = match.group(1)
        assert url, f"the simulator printed no base URL: {proc.stderr.read() if proc.poll() is not None else ''}"
        yield url
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def sdk_client(url, app_id=APP_ID, secret=APP_SECRET):
    return (lark.Client.builder().app_id(app_id).app_secret(secret).domain(url)
            .log_level(lark.LogLevel.ERROR).build())


def page_through(client, page_size, workplace_id=None):
    """Follows page_token while has_more, as the SDK leaves to its caller; waits out 429s as the platform asks."""
    items, pages, token, throttled = [], 0, None, 0
    while True:
        builder = (SearchCustomWorkplaceAccessDataRequest.builder()
                   .from_date(FROM).to_date(TO).page_size(page_size))
        if token:
            builder = builder.page_token(token)
        if workplace_id:
            builder = builder.custom_workplace_id(workplace_id)
        resp = client.workplace.v1.custom_workplace_access_data.search(builder.build())
        if resp.code == 99991400:
            throttled += 1
            assert resp.raw.status_code == 429
            reset = int(resp.raw.headers.get("x-ogw-ratelimit-reset", "1"))
            assert 1 <= reset <= 2
            assert throttled < 50
            time.sleep(reset)
            continue
        assert resp.success(), f"{resp.code} {resp.msg} log id {resp.get_log_id()}"
        assert resp.get_log_id()
        pages += 1
        items.extend(resp.data.items or [])
        if not resp.data.has_more:
            assert not resp.data.page_token
            return items, pages
        assert resp.data.page_token and resp.data.page_token != token
        token = resp.data.page_token


def key(item):
    return (item.custom_workplace_id, item.date, item.access_data.pv, item.access_data.uv)


def test_sdk_pages_through_every_record_once(simulator):
    client = sdk_client(simulator)
    big, big_pages = page_through(client, 100)
    small, small_pages = page_through(client, 7)
    keys = [key(i) for i in big]
    assert len(keys) == len(set((k[0], k[1]) for k in keys)), "an (id, date) pair came twice"
    assert keys == [key(i) for i in small], "page size changed the records"
    assert big_pages == -(-len(keys) // 100)
    assert small_pages == -(-len(keys) // 7)
    # Sorted by (date, id), every date inside the range, uv never above pv.
    assert keys == sorted(keys, key=lambda k: (k[1], k[0]))
    assert all(FROM <= k[1] <= TO and 0 < k[3] <= k[2] for k in keys)


def test_sdk_sees_the_tenant_shape(simulator):
    items, _ = page_through(sdk_client(simulator), 100)
    names = {n.name for i in items for n in i.custom_workplace_name}
    assert any("<script>" in n for n in names)
    assert any("|" in n and "**" in n for n in names)
    assert any(n.startswith("=") for n in names)
    assert any("🚀" in n for n in names)
    assert any(len(n) > 250 for n in names)
    languages = {n.language for i in items for n in i.custom_workplace_name}
    assert {"zh", "en"} <= languages
    # One workplace launches on 2026-01-01: present after, absent before.
    first_day = {}
    for i in items:
        first_day.setdefault(i.custom_workplace_id, i.date)
    assert "2026-01-01" in first_day.values()


def test_sdk_filters_by_workplace(simulator):
    client = sdk_client(simulator)
    everything, _ = page_through(client, 100)
    target = everything[0].custom_workplace_id
    one, _ = page_through(client, 9, workplace_id=target)
    assert [key(i) for i in one] == [key(i) for i in everything if i.custom_workplace_id == target]


def test_sdk_reports_the_documented_errors(simulator):
    client = sdk_client(simulator)
    bad_date = (SearchCustomWorkplaceAccessDataRequest.builder()
                .from_date("2026-1-5").to_date(TO).page_size(10).build())
    resp = client.workplace.v1.custom_workplace_access_data.search(bad_date)
    assert (resp.code, resp.msg, resp.raw.status_code) == (1621001, "invalid  time format", 400)
    reversed_range = (SearchCustomWorkplaceAccessDataRequest.builder()
                      .from_date(TO).to_date(FROM).page_size(10).build())
    resp = client.workplace.v1.custom_workplace_access_data.search(reversed_range)
    assert resp.code == 1621002
    forged = (SearchCustomWorkplaceAccessDataRequest.builder()
              .from_date(FROM).to_date(TO).page_size(10).page_token("ddowkdkl9w2d").build())
    resp = client.workplace.v1.custom_workplace_access_data.search(forged)
    assert resp.code == 1621004
    # The SDK caches tokens per app id for the whole process, so an unknown app id is what reaches the endpoint.
    with pytest.raises(ObtainAccessTokenException) as failure:
        sdk_client(simulator, app_id="cli_unknown", secret="x").workplace.v1.custom_workplace_access_data.search(
            bad_date)
    assert (failure.value.code, failure.value.msg) == (10003, "invalid param")


def test_our_fetch_matches_the_sdk(simulator):
    items, _ = page_through(sdk_client(simulator), 100)
    proc = run("fetch", "--from", FROM, "--to", TO, "--output", "-", "--quiet", "--base-url", simulator,
               env={"FEISHU_APP_ID": APP_ID, "FEISHU_APP_SECRET": APP_SECRET})
    snapshot = json.loads(proc.stdout)
    ours = sorted((r["custom_workplace_id"], r["date"], r["access_data"]["pv"], r["access_data"]["uv"])
                  for r in snapshot["records"])
    assert ours == sorted(key(i) for i in items)
    assert APP_SECRET not in proc.stdout + proc.stderr


def page_sibling(client, kind, page_size, block_id=None, start=FROM, end=TO):
    """Pages through the whole-workplace ("overall") or block endpoint with the SDK's own request types."""
    items, pages, token, throttled = [], 0, None, 0
    while True:
        if kind == "overall":
            builder = SearchWorkplaceAccessDataRequest.builder()
        else:
            builder = SearchWorkplaceBlockAccessDataRequest.builder()
            if block_id:
                builder = builder.block_id(block_id)
        builder = builder.from_date(start).to_date(end).page_size(page_size)
        if token:
            builder = builder.page_token(token)
        resource = (client.workplace.v1.workplace_access_data if kind == "overall"
                    else client.workplace.v1.workplace_block_access_data)
        resp = resource.search(builder.build())
        if resp.code == 99991400:
            throttled += 1
            assert throttled < 50
            time.sleep(int(resp.raw.headers.get("x-ogw-ratelimit-reset", "1")))
            continue
        assert resp.success(), f"{resp.code} {resp.msg} log id {resp.get_log_id()}"
        pages += 1
        items.extend(resp.data.items or [])
        if not resp.data.has_more:
            assert not resp.data.page_token
            return items, pages
        assert resp.data.page_token and resp.data.page_token != token
        token = resp.data.page_token


def test_sdk_pages_through_the_whole_workplace(simulator):
    client = sdk_client(simulator)
    days, pages = page_sibling(client, "overall", 200)
    small, _ = page_sibling(client, "overall", 5)
    rows = [(d.date, d.all_workplace.pv, d.all_workplace.uv, d.default_workplace.pv, d.default_workplace.uv)
            for d in days]
    assert rows == [(d.date, d.all_workplace.pv, d.all_workplace.uv, d.default_workplace.pv,
                     d.default_workplace.uv) for d in small]
    assert pages == 1 and len(rows) == 24, "one item a day, 24 days on one page of 200"
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    assert all(a_pv >= d_pv and a_uv >= d_uv and a_uv <= a_pv for _, a_pv, a_uv, d_pv, d_uv in rows)
    # More than the default workplace alone: the custom workplaces' visits are in the whole.
    custom, _ = page_through(client, 100)
    per_day = {}
    for i in custom:
        per_day[i.date] = per_day.get(i.date, 0) + i.access_data.pv
    assert all(a_pv >= d_pv + per_day.get(date, 0) for date, a_pv, _, d_pv, _ in rows)


def test_sdk_pages_through_the_blocks_and_filters_one(simulator):
    client = sdk_client(simulator)
    items, pages = page_sibling(client, "blocks", 200)
    small, small_pages = page_sibling(client, "blocks", 7)
    keys = [(i.block_id, i.date, i.access_data.pv, i.access_data.uv) for i in items]
    assert keys == [(i.block_id, i.date, i.access_data.pv, i.access_data.uv) for i in small]
    assert len(keys) == len({(k[0], k[1]) for k in keys}), "a (block, date) pair came twice"
    assert pages == -(-len(keys) // 200) and small_pages == -(-len(keys) // 7)
    assert all(re.fullmatch(r"\d{18}", k[0]) and 0 < k[3] <= k[2] for k in keys)
    target = keys[0][0]
    one, _ = page_sibling(client, "blocks", 9, block_id=target)
    assert [(i.block_id, i.date, i.access_data.pv) for i in one] == [k[:3] for k in keys if k[0] == target]


def test_sdk_reports_the_sibling_errors(simulator):
    client = sdk_client(simulator)
    resp = client.workplace.v1.workplace_access_data.search(
        SearchWorkplaceAccessDataRequest.builder().from_date(TO).to_date(FROM).page_size(10).build())
    assert (resp.code, resp.raw.status_code) == (1628002, 400)
    resp = client.workplace.v1.workplace_block_access_data.search(
        SearchWorkplaceBlockAccessDataRequest.builder().from_date(FROM).to_date(TO).page_size(201).build())
    assert (resp.code, resp.msg) == (1629006, "invalid page_size")
    resp = client.workplace.v1.workplace_block_access_data.search(
        SearchWorkplaceBlockAccessDataRequest.builder().from_date("2026-1-5").to_date(TO).page_size(10).build())
    assert resp.code == 1629001


def test_our_fetch_of_the_siblings_matches_the_sdk(simulator, tmp_path):
    """Our fetch's snapshot holds the same whole-workplace days and block records as the SDK's paging."""
    client = sdk_client(simulator)
    for kind in ("overall", "blocks"):
        items, pages = page_sibling(client, kind, 200)
        proc = run("fetch", "--from", FROM, "--to", TO, "--datasets", kind, "--concurrency", "1",
                   "--output", str(tmp_path / f"{kind}.json"), "--base-url", simulator,
                   env={"FEISHU_APP_ID": APP_ID, "FEISHU_APP_SECRET": APP_SECRET})
        match = re.search(r"fetched (\d+) records in (\d+) pages .*: (\d+) API calls \(" + kind + r" (\d+);",
                          proc.stderr)
        assert match, proc.stderr
        records, our_pages, calls, endpoint_calls = map(int, match.groups())
        assert records == len(items)
        # One month shard per month of the range (Dec and Jan), at most 200 items a page.
        assert our_pages == calls == endpoint_calls >= pages
        snapshot = json.loads((tmp_path / f"{kind}.json").read_text(encoding="utf-8"))
        assert snapshot["query"]["datasets"] == [kind]
        if kind == "overall":
            ours = sorted((r["date"], r["all_workplace"]["pv"], r["all_workplace"]["uv"],
                           r["default_workplace"]["pv"], r["default_workplace"]["uv"])
                          for r in snapshot["overall_records"])
            theirs = sorted((i.date, i.all_workplace.pv, i.all_workplace.uv, i.default_workplace.pv,
                             i.default_workplace.uv) for i in items)
        else:
            ours = sorted((r["block_id"], r["date"], r["access_data"]["pv"], r["access_data"]["uv"])
                          for r in snapshot["block_records"])
            theirs = sorted((i.block_id, i.date, i.access_data.pv, i.access_data.uv) for i in items)
        assert ours == theirs
