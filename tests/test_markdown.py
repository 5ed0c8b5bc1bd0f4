"""Untrusted text must come out of Markdown rendering as the same literal text."""

from __future__ import annotations

import html

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.extensions.toc import slugify as markdown_slugify

from generator.render.markdown import inline, paragraphs, plain_title, slugify

EXTENSIONS = ["tables", "toc", "admonition", "attr_list", "md_in_html", "pymdownx.details"]

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "{: onclick=alert(1) }",
    '<div markdown="1" onclick="alert(1)">hi</div>',
    '--8<-- "/etc/passwd"',
    "{{ 7*7 }} {% if true %}x{% endif %}",
    "text\n\n# Heading",
    "a | b | c",
    "**bold** _em_ `code` ~~del~~",
    "&lt;script&gt; &amp;",
    "    indented code",
    "1. not a list",
    "> not a quote",
]


def render(source: str) -> str:
    return markdown.markdown(source, extensions=EXTENSIONS)


def visible_text(rendered: str) -> str:
    assert rendered.startswith("<p>") and rendered.endswith("</p>"), rendered
    inner = rendered[3:-4]
    assert "<" not in inner, rendered
    return html.unescape(inner)


def test_payloads_render_as_literal_text() -> None:
    for payload in PAYLOADS:
        expected = " ".join(payload.split())
        assert visible_text(render(inline(payload))) == expected


def test_payload_in_a_table_cell_stays_in_its_cell() -> None:
    table = "| a | b |\n|---|---|\n| " + inline("x | y <b>z</b>") + " | 2 |\n"
    rendered = render(table)
    assert rendered.count("<td>") == 2
    assert "<b>" not in rendered


def test_paragraph_breaks_survive_but_nothing_else() -> None:
    rendered = render(paragraphs("first\n\n# not a heading\n\n- not a list"))
    assert "<h1" not in rendered and "<li>" not in rendered
    assert rendered.count("<p>") == 3


def test_plain_title_drops_markup_characters() -> None:
    assert plain_title('Harlow & Finch <script>"x"</script>') == "Harlow and Finch script x /script"
    assert plain_title("<>") == "Untitled"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=80))
def test_any_text_reads_back_literally(text: str) -> None:
    expected = " ".join(text.split())
    rendered = render(inline(text))
    if not expected:
        assert rendered == ""
        return
    assert visible_text(rendered) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))  # any text but surrogates
def test_slugify_gives_the_ids_mkdocs_gives(text: str) -> None:
    """Heading ids and anchors are made without loading Python-Markdown: they must be its."""
    assert slugify(text, "-") == markdown_slugify(text, "-")
    assert slugify(text, "_") == markdown_slugify(text, "_")


def test_slugify_on_headings_the_plans_use() -> None:
    for heading in ("Žlutý kůň: Q3 -- pipeline (EUR)", "  Deal reviews & forecasting  ", "2x / 3x"):
        assert slugify(heading) == markdown_slugify(heading, "-")
    assert slugify("Žlutý kůň") == "zluty-kun"
