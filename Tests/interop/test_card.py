"""The card (`--formats card`) read back: JSON 2.0 with the model's numbers, and hostile names that a
CommonMark reader (markdown-it, raw HTML on, as the card's markdown allows tags) shows as text."""
import json

from markdown_it import MarkdownIt

from conftest import run

HOSTILE = ["<at id=all></at>", "[x](https://evil)", "<font color='red'>red</font>", "**b** `c` :OK:"]


def markdowns(value):
    if isinstance(value, list):
        return [m for v in value for m in markdowns(v)]
    if not isinstance(value, dict):
        return []
    out = [value["content"]] if value.get("tag") == "markdown" else []
    return out + [m for k, v in value.items() if k != "content" for m in markdowns(v)]


def test_hostile_names_are_text_in_the_cards_markdown(tmp_path):
    items = [
        {"custom_workplace_id": f"tpl_{i}", "date": f"2026-10-0{i + 1}", "access_data": {"pv": 50 - i, "uv": 1},
         "custom_workplace_name": [{"language": "en", "name": name}]}
        for i, name in enumerate(HOSTILE)
    ]
    source = tmp_path / "items.json"
    source.write_text(json.dumps(items), encoding="utf-8")
    run("report", "--month", "2026-10", "--input", str(source), "--out-dir", str(tmp_path), "--formats",
        "card,json", "--language", "en")
    card = json.loads((tmp_path / "workplace-access-2026-10.card.json").read_text(encoding="utf-8"))
    model = json.loads((tmp_path / "workplace-access-2026-10.json").read_text(encoding="utf-8"))
    assert card["schema"] == "2.0"
    html = "\n".join(MarkdownIt("commonmark", {"html": True}).render(m) for m in markdowns(card))
    assert "<a " not in html and "href" not in html
    assert "<at" not in html and "<font color='red'>" not in html and "<strong>b</strong>" not in html
    assert "&lt;at id=all&gt;&lt;/at&gt;" in html
    assert "[x](https://evil)" in html
    assert ":OK:" in html
    # The key figures are the model's.
    assert f"{model['totals']['pv']:,}" in html


def test_the_demo_card_is_small_and_declares_json_2(demo_dir):
    path = next(demo_dir.glob("*.card.json"))
    data = path.read_bytes()
    assert len(data) < 20 * 1024
    card = json.loads(data)
    assert card["schema"] == "2.0" and card["config"]["summary"]["content"]
