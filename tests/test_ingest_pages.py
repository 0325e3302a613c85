"""Ingest of real-looking pages: saved HTML, URLs, wire copy, byline dates, bad input, other languages.

Every page here is invented for the test (tests/fixtures/ingest/ and the strings below).
"""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.ingest import IngestError, ingest_command, ingest_file, ingest_html, ingest_source, ingest_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "ingest"
NEWS_PAGE = FIXTURES / "news_page.html"

NEWS_BODY = [
    "SEOUL — A panel of independent monitors said on Wednesday that at least nine tankers moved refined oil to "
    "North Korean ships at sea last year, taking deliveries well past the annual cap set by the Security Council.",
    "The monitors' report, seen by the Courier, lists the tankers by name and gives the positions where their "
    "tracking signals went dark for several hours at a time.",
    "Two of the ships were registered in states that have reported no deliveries to the sanctions committee since "
    "the cap came into force, the report says.",
    "## What the cap allows",
    "The cap allows 500,000 barrels of refined products a year, and every supplier must tell the committee what it "
    "delivered each month.",
    "“The number on paper and the number at sea have nothing to do with each other,” said one of the monitors, who "
    "asked not to be named because the report is not yet public.",
]


def _run(args, cwd: Path, monkeypatch):
    """Run the command in ``cwd``; the click result and the article files written."""
    cwd.mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(ingest_command, [str(a) for a in args])
    articles = cwd / "content" / "articles"
    files = {p.name: p.read_text(encoding="utf-8") for p in sorted(articles.glob("*.md"))} if articles.is_dir() else {}
    return result, files


# ---------------------------------------------------------------------------- a saved news page


def test_html_news_page_body_is_the_article_verbatim():
    result = ingest_file(NEWS_PAGE)
    assert result.body.split("\n\n") == NEWS_BODY


def test_html_news_page_metadata_follows_the_policy():
    result = ingest_file(NEWS_PAGE)
    meta = result.meta
    assert meta["title"] == "Panel finds oil transfers at sea broke the cap"
    # JSON-LD datePublished, not the page-view date above the headline (1 December 2026) nor dateModified.
    assert meta["date"] == "2026-03-04"
    assert result.provenance["date"] == "JSON-LD datePublished"
    # The outlet is the site name, never the agency named in the photo credit.
    assert meta["outlet"] == "The Harbour Courier" and result.provenance["outlet"] == "site name"
    assert meta["authors"] == ["Mina Farrow"]
    assert meta["language"] == "en" and meta["seed"] == "news_page.html"


def test_html_news_page_report_lists_what_was_left_out():
    result = ingest_file(NEWS_PAGE)
    reasons = {item.text: item.reason for item in result.removed}
    assert reasons["Accept all cookies"] == "cookie-notice"
    assert reasons["We use cookies to improve your experience on our website. By continuing you accept our "
                   "cookie policy."] == "cookie-notice"
    assert reasons["World"] == "navigation"
    assert reasons["Tuesday, December 1, 2026"] == "date-stamp"  # a date, but above the headline: not taken
    assert reasons["A tanker at anchor off the coast. Image: Reuters/K. Osei"] == "caption"
    assert reasons["Advertisement"] == "promo"
    assert reasons["Related stories"] == "related-links"
    assert "How the sanctions committee counts barrels" in reasons
    assert reasons["Panel finds oil transfers at sea broke the cap"] == "headline"
    numbers = [item.line for item in result.removed]
    assert numbers == sorted(numbers)  # page order
    for gone in ("cookie", "Reuters", "Related", "counts barrels", "Advertisement", "©"):
        assert gone not in result.body


def _page(head: str, article: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in NEWS_BODY if not p.startswith("#"))
    return (f"<!DOCTYPE html><html><head><title>Panel finds oil transfers</title>{head}</head><body>"
            "<header><div class='today'>Friday September 20, 2024</div><nav><a href='/'>Home</a></nav></header>"
            f"<article><h1>Panel finds oil transfers</h1>{article}<div class='body'>{paragraphs}</div></article>"
            "</body></html>")


def test_html_stamp_by_the_headline_beats_the_page_view_date():
    html = _page("<meta property='og:site_name' content='Courier'>", "<p>Published : 22 Dec 2017</p>")
    result = ingest_html(html, source_name="saved.html")
    assert result.meta["date"] == "2017-12-22"
    assert result.provenance["date"].startswith("stamp by the headline")


def test_html_without_publication_markup_asks_for_the_date():
    html = _page("<meta property='og:site_name' content='Courier'>", "")
    with pytest.raises(IngestError, match=r"^saved\.html: no publication date found in the page; pass --date"):
        ingest_html(html, source_name="saved.html")
    assert ingest_html(html, source_name="saved.html", date="2017-12-22").meta["date"] == "2017-12-22"


def test_html_placeholder_and_modified_dates_are_not_publication_dates():
    head = ("<meta property='og:site_name' content='Courier'><meta property='article:modified_time' "
            "content='2019-11-20T10:00:00Z'><script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
            "\"datePublished\": \"0001-01-01T00:00:00Z\"}</script>")
    with pytest.raises(IngestError, match="--date"):
        ingest_html(_page(head, ""), source_name="saved.html")


def test_html_local_publication_time_beats_a_utc_one():
    head = ("<meta property='og:site_name' content='Courier'><meta name='sailthru.date' content='2019-11-18 20:58:46'>"
            "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
            "\"datePublished\": \"2019-11-19T04:58:46Z\"}</script>")
    assert ingest_html(_page(head, ""), source_name="saved.html").meta["date"] == "2019-11-18"


def test_html_outlet_from_host_when_no_site_name():
    html = _page("<link rel='canonical' href='https://www.courier.example/x'>", "<p>Published : 22 Dec 2017</p>")
    result = ingest_html(html, source_name="saved.html")
    assert result.meta["outlet"] == "courier.example" and result.provenance["outlet"] == "host"


def test_html_flags_override_the_page():
    result = ingest_file(NEWS_PAGE, outlet="Courier", date="2026-03-05", title="Oil at sea", authors=["A. Writer"],
                         language="ko", url="https://courier.example/x")
    assert (result.meta["outlet"], result.meta["date"], result.meta["title"], result.meta["authors"],
            result.meta["language"], result.meta["url"]) == \
        ("Courier", "2026-03-05", "Oil at sea", ["A. Writer"], "ko", "https://courier.example/x")


def test_html_detected_by_content_without_extension(tmp_path):
    page = tmp_path / "saved-page"
    page.write_bytes(NEWS_PAGE.read_bytes())
    assert ingest_file(page).body.split("\n\n") == NEWS_BODY


def test_html_body_split_across_sibling_containers():
    chunks = [NEWS_BODY[:2], NEWS_BODY[2:3], NEWS_BODY[4:]]
    parts = "".join(f"<div class='grid'><div class='article-body'>{''.join(f'<p>{p}</p>' for p in chunk)}</div>"
                    "<aside><p>Most read</p></aside></div>" for chunk in chunks)
    html = ("<html><head><meta property='og:site_name' content='Courier'><meta property='article:published_time' "
            f"content='2026-03-04'></head><body><h1>Panel finds oil transfers</h1>{parts}</body></html>")
    body = ingest_html(html, source_name="saved.html").body.split("\n\n")
    assert body == [p for p in NEWS_BODY if not p.startswith("#")]


# ---------------------------------------------------------------------------- URLs


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass

    def do_GET(self):  # noqa: N802 (the http.server API)
        if self.path == "/story.html":
            data = NEWS_PAGE.read_bytes()
            self.server.agents.append(self.headers.get("User-Agent"))
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        elif self.path == "/slow.html":
            time.sleep(3)
            self.send_response(200)
            self.end_headers()
        elif self.path == "/huge.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            chunk = b"<p>" + b"x" * 1_000_000 + b"</p>"
            try:
                for _ in range(50):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif self.path == "/photo.jpg":
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.end_headers()
            self.wfile.write(b"\xff\xd8\xff\xe0" + b"\x00" * 100)
        else:
            self.send_error(404, "Not Found")


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.agents = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _url(server, path: str) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}{path}"


def test_url_ingest_writes_the_article(server, tmp_path, monkeypatch):
    url = _url(server, "/story.html")
    result, files = _run([url], tmp_path, monkeypatch)
    assert result.exit_code == 0, result.output
    assert list(files) == ["2026-03-04-panel-finds-oil-transfers-at-sea-broke-the-cap.md"]
    text = files["2026-03-04-panel-finds-oil-transfers-at-sea-broke-the-cap.md"]
    assert f"url: {url}\n" in text and "seed: null\n" in text and "outlet: The Harbour Courier\n" in text
    assert text.endswith(NEWS_BODY[-1] + "\n")
    assert server.agents and server.agents[0].startswith("briefing-generator-ingest/")


@pytest.mark.parametrize("path, message", [
    ("/missing.html", "the server answered 404 Not Found"),
    ("/slow.html", "no answer within 1 s"),
    ("/huge.html", "larger than the 10 MB cap"),
    ("/photo.jpg", "the server sent image/jpeg, not a web page"),
])
def test_url_failures_give_one_message_and_write_nothing(server, tmp_path, monkeypatch, path, message):
    url = _url(server, path)
    result, files = _run([url, "--timeout", "1"], tmp_path, monkeypatch)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert errors[0] == f"Error: {url}: " + errors[0].split(": ", 2)[2] and message in errors[0], result.output
    assert "Traceback" not in result.output and files == {}


def test_ingest_is_not_imported_by_the_build():
    # The MkDocs build runs the pipeline through the plugin; neither loads ingest (so nothing is fetched).
    code = ("import sys, generator.pipeline, generator.mkdocs_plugin; "
            "print(sorted(m for m in sys.modules if m.startswith('generator.ingest')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.strip() == "[]"


# ---------------------------------------------------------------------------- the text path

WIRE = """\
World news

U.N. council extends North Korea sanctions monitors

UNITED NATIONS, March 3 (Reuters) - The United Nations Security
Council on Thursday extended for another year the mandate of the
panel of experts that monitors sanctions on North Korea, diplomats
said.

The panel, set up in 2009, reports twice a year on how the measures
are enforced. Its last report said ship-to-ship transfers of oil
continued in 2021.

China and Russia, which have called for the sanctions to be eased,
voted in favour after a reference to humanitarian exemptions was
added to the draft.

Reporting by Ana Pereira; Editing by Tom Brandt
"""


def test_hard_wrapped_wire_story():
    result = ingest_text(WIRE, source_name="wire.txt", date="2022-03-03")
    assert result.body.split("\n\n") == [
        "UNITED NATIONS, March 3 (Reuters) - The United Nations Security Council on Thursday extended for another "
        "year the mandate of the panel of experts that monitors sanctions on North Korea, diplomats said.",
        "The panel, set up in 2009, reports twice a year on how the measures are enforced. Its last report said "
        "ship-to-ship transfers of oil continued in 2021.",
        "China and Russia, which have called for the sanctions to be eased, voted in favour after a reference to "
        "humanitarian exemptions was added to the draft.",
    ]
    assert result.meta["title"] == "U.N. council extends North Korea sanctions monitors"
    assert result.meta["outlet"] == "Reuters" and result.provenance["outlet"] == "line 5"  # the wire dateline
    assert "##" not in result.body


def _page_text(stamp_line: str, above: str = "Friday September 20, 2024") -> str:
    return (f"Skip to main content\nHome\nWorld\nPolitics\n{above}\n\nSearch\n\n"
            "Council renews the sanctions panel for a year\n"
            f"{stamp_line}\n\n"
            "The Security Council renewed the mandate of the panel of experts on Thursday, after a week of talks "
            "between the United States and China.\n\n"
            "The panel reports twice a year on how member states enforce the measures, and names ships and firms "
            "that it says broke them.\n\n"
            "Diplomats said the vote was unanimous after a paragraph on humanitarian exemptions was added.\n\n"
            "Most read\nFive things to know\nWeather\n© 2019 The Daily Example\n")


@pytest.mark.parametrize("stamp_line, expected, authors", [
    ("By Tess Bonn - 11/19/19 06:56 AM EST", "2019-11-19", ["Tess Bonn"]),
    ("11.14.2019", "2019-11-14", []),
    ("Nov 19, 2019 • 2 min read", "2019-11-19", []),
    ("News2017-12-23", "2017-12-23", []),
    ("Published : 22 Dec 2017", "2017-12-22", []),
    ("Posted September. 30, 2017 07:38,", "2017-09-30", []),
    ("Updated 3:14 PM EST, March 8, 2021", "2021-03-08", []),
    ("PUBLISHED: 10:48, Tue, Nov 19, 2019 | UPDATED: 11:05, Wed, Nov 20, 2019", "2019-11-19", []),
    ("Associated Press November 19, 2019, 9:02 AM", "2019-11-19", []),
    ("November 20, 2019 / 1:07 AM / Example News", "2019-11-20", []),
    ("5:45 AM PST 11/19/2019 by Lara Quist", "2019-11-19", []),
    ("Nov. 20, 2019Updated: Nov. 21, 2019 1:35 a.m.", "2019-11-20", []),
    ("by Jeff Ortiz — November 18, 2019", "2019-11-18", ["Jeff Ortiz"]),  # lower case "by": not a wrapped line
    ("Nov 19, 2019 at 9:08 GMT1 day ago", "2019-11-19", []),
])
def test_byline_and_stamp_date_forms(stamp_line, expected, authors):
    result = ingest_text(_page_text(stamp_line), source_name="page.txt")
    assert result.meta["date"] == expected
    assert result.meta["authors"] == authors
    assert result.meta["title"] == "Council renews the sanctions panel for a year"
    assert result.meta["outlet"] == "The Daily Example"
    assert result.body.startswith("The Security Council renewed") and result.body.endswith("was added.")


@pytest.mark.parametrize("stamp_line", ["03/04/2019", "Weather"])
def test_no_date_by_the_headline_asks_for_it(stamp_line):
    # The page-view date above the headline is never taken; 03/04/2019 could be March or April.
    with pytest.raises(IngestError, match=r"page\.txt: no publication date found in the text; pass --date"):
        ingest_text(_page_text(stamp_line), source_name="page.txt")


# ---------------------------------------------------------------------------- bad input


def test_html_with_no_article(tmp_path, monkeypatch):
    page = tmp_path / "menu.html"
    page.write_text("<html><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav>"
                    "<ul><li>Sport</li><li>Weather</li></ul></body></html>", encoding="utf-8")
    result, files = _run([page], tmp_path / "out", monkeypatch)
    assert result.exit_code == 1 and files == {}
    assert f"Error: {page}: no article found in the page" in result.output
    assert "Traceback" not in result.output


def test_binary_file(tmp_path, monkeypatch):
    page = tmp_path / "photo.html"
    page.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    result, files = _run([page], tmp_path / "out", monkeypatch)
    assert result.exit_code == 1 and files == {}
    assert f"Error: {page}: a binary file, not a page's text or HTML" in result.output
    assert "Traceback" not in result.output


def test_fifty_megabyte_page(tmp_path, monkeypatch):
    page = tmp_path / "huge.html"
    with page.open("wb") as handle:
        handle.write(b"<html><body>")
        handle.truncate(50 * 1024 * 1024)
    result, files = _run([page], tmp_path / "out", monkeypatch)
    assert result.exit_code == 1 and files == {}
    assert f"Error: {page}: 52 MB is larger than the 10 MB an article page can be" in result.output
    assert "Traceback" not in result.output


def test_missing_path_is_one_message(tmp_path, monkeypatch):
    result, files = _run([tmp_path / "nope.html"], tmp_path / "out", monkeypatch)
    assert result.exit_code == 1 and "no such file or folder" in result.output and files == {}


# ---------------------------------------------------------------------------- other languages

FRENCH = """\
Accueil
Monde

Le Conseil de sécurité prolonge le mandat du groupe d'experts

Publié le 22 Dec 2017

Le Conseil de sécurité des Nations unies a adopté vendredi à l'unanimité une nouvelle résolution qui renforce les sanctions contre la Corée du Nord.

Le texte limite les livraisons de produits pétroliers raffinés à un demi-million de barils par an et demande le retour des travailleurs nord-coréens expatriés.

La Chine et la Russie ont voté en faveur du texte après plusieurs jours de négociations avec les États-Unis.
"""


def test_page_in_another_language_records_it():
    result = ingest_text(FRENCH, source_name="fr.txt", outlet="Le Quotidien")
    assert result.meta["language"] == "fr" and result.provenance["language"] == "detected"
    assert result.meta["date"] == "2017-12-22"
    assert result.meta["title"] == "Le Conseil de sécurité prolonge le mandat du groupe d'experts"
    assert result.article_id == "2017-12-22-le-conseil-de-securite-prolonge-le-mandat-du-groupe-dexperts"


def test_language_flag_overrides_detection():
    result = ingest_text(FRENCH, source_name="fr.txt", outlet="Le Quotidien", language="fr-CA")
    assert result.meta["language"] == "fr-CA" and result.provenance["language"] == "flag"
    with pytest.raises(IngestError, match="fr.txt: the front matter would not pass check .*language"):
        ingest_text(FRENCH, source_name="fr.txt", outlet="Le Quotidien", language="French")


def test_source_dispatch_text_file(tmp_path):
    page = tmp_path / "fr.txt"
    page.write_text(FRENCH, encoding="utf-8")
    assert ingest_source(page, outlet="Le Quotidien").meta["language"] == "fr"


def test_comments_after_the_story_are_left_out():
    page = _page_text("Published : 22 Dec 2017").replace(
        "Most read\n",
        "View Comments\n\nI think the council should have done this years ago, and I said so at the time to anyone "
        "who would listen to me about it.\n\nThe panel has never been able to check what happens at sea, which "
        "is the whole problem with this kind of sanctions regime.\n\nMost read\n")
    result = ingest_text(page, source_name="page.txt")
    assert result.body.endswith("was added.")
    assert {r.reason for r in result.removed if "council should have done" in r.text} == {"outside-main-block"}


def test_html_markup_that_contradicts_itself_asks_for_the_date():
    head = ("<meta property='og:site_name' content='Courier'>"
            "<meta property='article:published_time' content='2019-05-01T10:00:00+02:00'>"
            "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
            "\"datePublished\": \"2026-03-04T09:15:00+09:00\"}</script>")
    with pytest.raises(IngestError, match=r"saved\.html: the page's dates disagree \(JSON-LD datePublished says "
                                          r"2026-03-04, htmldate reads 2019-05-01\); pass --date YYYY-MM-DD"):
        ingest_html(_page(head, ""), source_name="saved.html")
    assert ingest_html(_page(head, ""), source_name="saved.html", date="2026-03-04").meta["date"] == "2026-03-04"


def test_an_unexpected_failure_is_one_message_not_a_traceback(tmp_path, monkeypatch):
    import generator.ingest.command as command

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(command, "ingest_source", broken)
    result, files = _run([NEWS_PAGE], tmp_path, monkeypatch)
    assert result.exit_code == 1 and files == {}
    assert f"Error: {NEWS_PAGE}: could not be ingested (RuntimeError: boom)" in result.output
    assert "Traceback" not in result.output
