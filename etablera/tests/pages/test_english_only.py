"""English means English (issue #11): every page kind each demo user reaches, in English, shows no Swedish text that
the catalogue translates.

Each demo user (etablera/demo: one per role and unit) signs in, chooses English with the language switch, and
walks the site from the start page by its links, as the browser sweep does: every page kind (URL name) is read once
per user, up to a few pages of a kind. The visible text of each page (no tags, scripts or styles) must hold no
msgid of the English catalogue whose English differs — a Swedish catalogue string on an English page was not
translated where it is shown (a label read in Swedish, a text stored in Swedish when it was written).

Only msgids of at least two words and eight characters count (one word — a name, "Status", "SFI" — says nothing),
and of a msgid with placeholders, its longest fixed piece. What users typed and the demo's data (names, addresses,
notes) stays as typed and is not in the catalogue.
"""

from __future__ import annotations

import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import Resolver404, resolve

from etablera.demo import data
from etablera.organisation.models import User
from etablera.tests.pages.test_language import PLACEHOLDER, PO_FILE, choose, parse_po

PER_KIND = 2  # pages of one kind read per user (a household with and without an arrival, say)
MAX_PAGES = 150  # per user: a bound, far above what a role reaches
SKIP_PREFIXES = ("/static/", "/media/", "/api/", "/i18n/", "/admin/", "/logga-ut/")
# Pages whose text is in the language their address names, whatever the interface's: a letter to a household in
# Swedish, easy Swedish or Arabic is that letter, and its print page's two links are in Swedish, the language of the
# staff who print it (letters/_print_links.html). The letters' own tests read every language's text.
LETTER_KINDS = {"letters_welcome", "letters_invitation"}
# Swedish that may still stand on an English page, each as the pattern of the Swedish text around the catalogue
# string found in it, with why. A hit outside every pattern fails the test. Remove an entry when its reason is gone.
DATA = "data as typed: a demo unit's name that equals a unit function's label"
ALLOWED: dict[str, str] = {
    # Unit names are the municipality's data, shown as typed; the demo names one unit as the function it has.
    r"Kultur och fritid": DATA,
}


class _Text(HTMLParser):
    """The text a reader sees: text nodes outside script, style and template, joined by spaces."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, text):
        if not self._hidden:
            self.parts.append(text)


def visible(html: str) -> tuple[str, list[str]]:
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts)), parser.links


def _pieces(msgid: str) -> list[str]:
    return [re.sub(r"\s+", " ", piece).strip() for piece in PLACEHOLDER.split(msgid)]


def _significant(text: str) -> bool:
    return len(text) >= 8 and len(text.split()) >= 2


def swedish_strings() -> dict[str, str]:
    """Piece of Swedish to look for -> the msgid it comes from: translated entries whose English differs."""
    found: dict[str, str] = {}
    for entry in parse_po(PO_FILE.read_text(encoding="utf-8"))[1:]:
        msgid = entry.get("msgid", "")
        english = " ".join(value for value in entry["msgstr"].values() if value)
        if not msgid or not english or "fuzzy" in entry["flags"]:
            continue  # untranslated: test_language.py reports it
        for source in filter(None, (msgid, entry.get("msgid_plural"))):
            piece = max(_pieces(source), key=len)
            if _significant(piece) and piece not in english:
                found[piece] = source
    return found


def test_the_visible_text_leaves_out_tags_scripts_and_styles():
    text, links = visible(
        '<p>Hej <b>där</b></p><script>var x = "Mina uppgifter";</script><style>p{}</style><a href="/a/">Länk</a>'
    )
    assert text == "Hej där Länk" and links == ["/a/"]


def test_the_pieces_of_a_msgid_with_placeholders_are_its_fixed_text():
    assert max(_pieces("Filen har %(n)s rader utan fel. Ingenting är sparat ännu."), key=len) == (
        "rader utan fel. Ingenting är sparat ännu."
    )
    assert not _significant("Status") and _significant("Mina uppgifter")


@pytest.fixture
def demo(demo_for_the_module, db):
    """The demo, loaded once for the module's walks (testing.fixtures.demo_for_the_module)."""


def _kind(path: str) -> str | None:
    if path.startswith(SKIP_PREFIXES):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.url_name in LETTER_KINDS:
        return None
    return match.url_name


def walk(client) -> dict[str, str]:
    """Every page kind reachable from the start page by links: url -> visible text (HTML pages only)."""
    texts: dict[str, str] = {}
    queue = ["/"]
    seen_per_kind: dict[str, int] = defaultdict(int)
    queued = {"/"}
    while queue and len(texts) < MAX_PAGES:
        url = queue.pop(0)
        response = client.get(url, follow=True)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        text, links = visible(response.content.decode())
        texts[url] = text
        for href in links:
            href = urldefrag(href)[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            if "lang=lattsvenska" in parts.query:
                continue  # the public pages in easy Swedish, asked for by name (the visitor's choice, not ours)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            kind = _kind(parts.path)
            if kind is None or target in queued or seen_per_kind[kind] >= PER_KIND:
                continue
            seen_per_kind[kind] += 1
            queued.add(target)
            queue.append(target)
    return texts


@pytest.mark.parametrize("username", [spec.username for spec in data.USERS])
def test_english_pages_show_no_swedish_catalogue_string(demo, client, username):
    client.force_login(User.objects.get(username=username))
    choose(client, "en")
    strings = swedish_strings()
    assert len(strings) > 500  # the catalogue was read

    pages = walk(client)

    assert len(pages) >= 3, pages.keys()
    found: dict[str, set[str]] = defaultdict(set)
    for url, text in pages.items():
        allowed = [m.span() for pattern in ALLOWED for m in re.finditer(pattern, text)]
        for piece, msgid in strings.items():
            if piece not in text:
                continue  # the plain search first: a regular expression per piece and page was most of the time
            for hit in re.finditer(re.escape(piece), text):
                if not any(start <= hit.start() and hit.end() <= end for start, end in allowed):
                    found[msgid].add(f"{url} …{text[max(0, hit.start() - 40) : hit.end() + 40]}…")
                    break
    assert not found, f"{username}: Swedish on English pages: " + "; ".join(
        f"{msgid!r} on {sorted(urls)[:2]}" for msgid, urls in sorted(found.items())
    )
