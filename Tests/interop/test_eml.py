# Requires: pip install pytest (the `email` package is in the standard library)
"""Check the report e-mail (`--formats eml`) with Python's own MIME parser, `email` with `policy.default`.

Sources of messages (each `X.eml` beside the `X.md`, `X.html` and `X.xlsx` it was built from):
- the fixtures of the Swift test `MailInteropFixtures`, written into $INTEROP_OUT (when INTEROP_OUT holds
  none, this module runs that test itself with `swift test --skip-build`), with `mail-NAME.json` giving the
  envelope: one Chinese case (non-ASCII subject, names and attachment name), one English case;
- the CLI, when `workplace-report demo --help` lists `--mail-to`: `demo --formats xlsx,html,md,eml`, whose
  attachment must be named like the workbook beside it.
Two runs with the same inputs and SOURCE_DATE_EPOCH must give byte-identical messages.

Every expectation is derived here from the source files and the envelope, independently of the Swift code.
"""
import datetime
import email
import email.utils
import json
import os
import pathlib
import re
import subprocess
import tempfile
from email import policy

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EPOCH = 1793520000  # 2026-11-01T08:00:00Z
CLI_ENVELOPE = {
    "from": "工作台报表 <reports@example.com>",
    "to": ["运营团队 <ops@example.com>", "cto@example.com"],
    "subject": "飞书工作台访问报告 · Workplace access report",
    "date": EPOCH,
}


# ---------------------------------------------------------------- sources


def _binary():
    path = os.environ.get("WORKPLACE_REPORT_BIN") or str(ROOT / ".build" / "debug" / "workplace-report")
    return path if os.path.isfile(path) and os.access(path, os.X_OK) else None


def _fixture_dir():
    out = os.environ.get("INTEROP_OUT")
    if out and list(pathlib.Path(out).glob("mail-*.eml")):
        return pathlib.Path(out)
    return _write_fixtures(pathlib.Path(tempfile.mkdtemp(prefix="mail-fixtures-")))


def _write_fixtures(folder):
    run = subprocess.run(
        ["swift", "test", "--skip-build", "--filter", "MailInteropFixtures"],
        cwd=ROOT, env={**os.environ, "INTEROP_OUT": str(folder)}, capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, f"fixture writer failed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
    return folder


def _cli_has_mail():
    binary = _binary()
    if binary is None:
        return False
    help_run = subprocess.run([binary, "demo", "--help"], capture_output=True, text=True, timeout=60)
    return help_run.returncode == 0 and "--mail-to" in help_run.stdout


def _run_cli_demo(folder):
    args = [_binary(), "demo", "--out-dir", str(folder), "--quiet", "--formats", "xlsx,html,md,eml",
            "--mail-from", CLI_ENVELOPE["from"], "--subject", CLI_ENVELOPE["subject"]]
    for recipient in CLI_ENVELOPE["to"]:
        args += ["--mail-to", recipient]
    env = {k: v for k, v in os.environ.items() if not k.startswith("FEISHU_")}
    env["SOURCE_DATE_EPOCH"] = str(EPOCH)
    run = subprocess.run(args, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, f"demo with eml exited {run.returncode}: {run.stderr[-2000:]}"
    emls = sorted(folder.glob("workplace-access-*.eml"))
    assert len(emls) == 1, f"expected one .eml in {folder}, found {emls}"
    return emls[0]


FIXTURES = _fixture_dir()
CASES = [(path, json.loads(path.with_suffix(".json").read_text("utf-8"))) for path in sorted(FIXTURES.glob("mail-*.eml"))]
CLI_EML = None
if _cli_has_mail():
    CLI_EML = _run_cli_demo(pathlib.Path(tempfile.mkdtemp(prefix="demo-eml-")))
    CASES.append((CLI_EML, {**CLI_ENVELOPE, "fileName": CLI_EML.with_suffix(".xlsx").name}))


def test_fixtures_were_written():
    names = {path.name for path, _ in CASES}
    assert {"mail-zh.eml", "mail-en.eml"} <= names


def test_runs_are_byte_identical():
    """The same inputs and SOURCE_DATE_EPOCH give the same message, Date and Message-ID included, in a new
    process: two CLI runs when the CLI writes eml, else a second run of the fixture writer."""
    if CLI_EML is not None:
        again = _run_cli_demo(pathlib.Path(tempfile.mkdtemp(prefix="demo-eml-")))
        assert again.read_bytes() == CLI_EML.read_bytes()
        return
    second = _write_fixtures(pathlib.Path(tempfile.mkdtemp(prefix="mail-fixtures-")))
    first_files = sorted(FIXTURES.glob("mail-*.eml"))
    assert [p.name for p in first_files] == [p.name for p in sorted(second.glob("mail-*.eml"))]
    for path in first_files:
        assert (second / path.name).read_bytes() == path.read_bytes(), path.name


# ---------------------------------------------------------------- helpers


def _text(path):
    """A text file as the reader sees it: line breaks normalised to LF (MIME text travels with CRLF)."""
    return path.read_text("utf-8").replace("\r\n", "\n")


def _message(path):
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)


def _parts(message):
    assert message.get_content_type() == "multipart/mixed"
    outer = list(message.iter_parts())
    assert [p.get_content_type() for p in outer] == ["multipart/alternative", XLSX_TYPE]
    inner = list(outer[0].iter_parts())
    assert [p.get_content_type() for p in inner] == ["text/plain", "text/html"]
    return inner[0], inner[1], outer[1]


def _raw_lines(path):
    raw = path.read_bytes()
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b""), "a bare LF"
    assert b"\r" not in raw.replace(b"\r\n", b""), "a bare CR"
    return raw[:-2].split(b"\r\n")


# ---------------------------------------------------------------- checks


@pytest.mark.parametrize("path,envelope", CASES, ids=[p.name for p, _ in CASES])
def test_parts_decode_to_the_source_files(path, envelope):
    message = _message(path)
    assert message["MIME-Version"] == "1.0"
    plain, html, attachment = _parts(message)
    for part in (plain, html):
        assert part.get_content_charset() == "utf-8"
        assert part["Content-Transfer-Encoding"] in ("quoted-printable", "base64")
    assert plain.get_content().replace("\r\n", "\n") == _text(path.with_suffix(".md"))
    if path != CLI_EML:  # the CLI's .html page keeps its SVG charts; the mail's HTML part has none
        assert html.get_content().replace("\r\n", "\n") == _text(path.with_suffix(".html"))
    assert attachment.get_content_disposition() == "attachment"
    assert attachment["Content-Transfer-Encoding"] == "base64"
    assert attachment.get_content() == path.with_suffix(".xlsx").read_bytes()
    assert attachment.get_content().startswith(b"PK\x03\x04")


@pytest.mark.parametrize("path,envelope", CASES, ids=[p.name for p, _ in CASES])
def test_headers_decode_to_the_envelope(path, envelope):
    message = _message(path)
    assert str(message["Subject"]) == envelope["subject"]
    expected_from = email.utils.parseaddr(envelope["from"])
    sender = message["From"].addresses
    assert [(a.display_name, a.addr_spec) for a in sender] == [expected_from]
    expected_to = [email.utils.parseaddr(raw) for raw in envelope["to"]]
    assert [(a.display_name, a.addr_spec) for a in message["To"].addresses] == expected_to
    assert message["Bcc"] is None and message["Cc"] is None
    expected_date = datetime.datetime.fromtimestamp(envelope["date"], tz=datetime.timezone.utc)
    assert message["Date"].datetime == expected_date
    assert str(message["Date"]).endswith(" +0000")
    assert email.utils.format_datetime(expected_date) == str(message["Date"])
    assert re.fullmatch(r"<[0-9a-f]{32}@[A-Za-z0-9.-]+>", str(message["Message-ID"]))
    _, _, attachment = _parts(message)
    assert attachment.get_filename() == envelope["fileName"]


@pytest.mark.parametrize("path,envelope", CASES, ids=[p.name for p, _ in CASES])
def test_no_parser_defects_but_the_documented_filename_fallback(path, envelope):
    """The parser finds nothing wrong, except that a non-ASCII file name is also given as plain ASCII
    (`filename*=` first, then `filename="…"`), which Python notes as a duplicate it ignores."""
    message = _message(path)
    allowed = "duplicate parameter name; duplicate ignored"
    for part in message.walk():
        assert not part.defects, (part.get_content_type(), part.defects)
        for name, value in part.items():
            defects = [str(d) for d in getattr(value, "defects", ())]
            ascii_name = envelope["fileName"].isascii()
            if name in ("Content-Type", "Content-Disposition") and part.get_content_type() == XLSX_TYPE \
                    and not ascii_name:
                assert set(defects) <= {allowed}, (name, defects)
            else:
                assert not defects, (name, defects)


@pytest.mark.parametrize("path,envelope", CASES, ids=[p.name for p, _ in CASES])
def test_wire_format(path, envelope):
    """CRLF everywhere, 7-bit, lines within 998 (headers folded at 78 but for one unbreakable media type),
    base64 lines of exactly 76 characters, no line a lone '.' (which would end `sendmail` input)."""
    lines = _raw_lines(path)
    assert all(b < 128 for line in lines for b in line), "8-bit byte"
    assert all(len(line) <= 998 for line in lines)
    assert b"." not in lines
    header_end = lines.index(b"")
    top = lines[:header_end]
    names = [line.split(b":", 1)[0] for line in top if not line[:1].isspace()]
    for required in (b"Date", b"From", b"To", b"Subject", b"Message-ID", b"MIME-Version", b"Content-Type"):
        assert names.count(required) == 1, required
    long_ok = f"Content-Type: {XLSX_TYPE};".encode()
    in_header = True
    encoding = None
    body = []
    bodies = []  # (encoding, lines)
    for line in lines[header_end + 1:]:
        if line.startswith(b"--=_"):
            if encoding:
                bodies.append((encoding, body))
            in_header, encoding, body = True, None, []
            continue
        if in_header:
            assert len(line) <= 78 or line == long_ok, line
            if line.lower().startswith(b"content-transfer-encoding:"):
                encoding = line.split(b":", 1)[1].strip().decode()
            if line == b"":
                in_header = False
        else:
            body.append(line)
    assert {e for e, _ in bodies} <= {"base64", "quoted-printable"}
    assert len(bodies) == 3
    for encoding, body in bodies:
        if encoding == "base64":
            assert all(len(line) == 76 for line in body[:-1]), "base64 line not 76"
            assert 0 < len(body[-1]) <= 76
        else:
            assert all(len(line) <= 76 for line in body)
    # Subject and display names: encoded-words of at most 75 characters where not plain ASCII.
    raw_header = b"\r\n".join(top).decode("ascii")
    for word in re.findall(r"=\?[^?]+\?[BbQq]\?[^?]*\?=", raw_header):
        assert len(word) <= 75
    if not envelope["subject"].isascii():
        assert "=?UTF-8?B?" in raw_header.split("Subject:", 1)[1]
    # The attachment: RFC 2231 name for non-ASCII, and always a plain ASCII filename= fallback.
    text = b"\r\n".join(lines).decode("ascii")
    disposition = re.search(r"Content-Disposition: attachment;((?:\r\n [^\r\n]*)+|[^\r\n]*)", text).group(1)
    fallback = re.search(r'filename="([^"]*)"', disposition)
    assert fallback and fallback.group(1).isascii() and fallback.group(1).endswith(".xlsx")
    if not envelope["fileName"].isascii():
        assert "filename*" in disposition and "UTF-8''" in disposition
