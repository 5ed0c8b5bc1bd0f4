"""Put untrusted text into generated Markdown so that it always reads literally.

Every character that Markdown, an extension or HTML could read as syntax becomes an HTML
character reference, which Python-Markdown passes through untouched and browsers show as the
character itself. No payload in an assessment can become markup, a link, an include or an
attribute list; whitespace is normalised so text cannot open a heading or a code block.
"""

from __future__ import annotations

import re
import unicodedata

# Characters that are syntax anywhere in a line (emphasis, code, links, HTML, tables, attribute
# lists, admonition titles); the others below are syntax only at the start of a line.
_SPECIAL = '\\`*_{}[]<>&|~"!'
_LINE_START = "#+-=>.0123456789:'("
_ENTITIES = {ord(ch): f"&#{ord(ch)};" for ch in _SPECIAL}
_SPACE = re.compile(r"\s+")
_PARAGRAPHS = re.compile(r"\n\s*\n")
_TITLE_DROP = re.compile(r"[^\w .,'()/+-]", re.UNICODE)
_SLUG_DROP = re.compile(r"[^\w\s-]")


def slugify(value: str, separator: str = "-") -> str:
    """A heading's id as mkdocs gives it: Python-Markdown's ``toc`` slugify, the same steps
    (importing that module loads all of Python-Markdown, which a rebuild does not need;
    tests/test_markdown.py checks the two agree)."""
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = _SLUG_DROP.sub("", value).strip().lower()
    return re.sub(rf"[{separator}\s]+", separator, value)


def inline(text: str | None) -> str:
    """One line of literal text for a sentence, heading, list item or table cell."""
    if not text:
        return ""
    line = _SPACE.sub(" ", text).strip().translate(_ENTITIES)
    if line and line[0] in _LINE_START:
        line = f"&#{ord(line[0])};{line[1:]}"
    return line


def paragraphs(text: str | None) -> str:
    """Literal text that keeps its blank-line paragraph breaks (and nothing else)."""
    if not text:
        return ""
    return "\n\n".join(inline(part) for part in _PARAGRAPHS.split(text.strip()) if part.strip())


def plain_title(text: str) -> str:
    """A title for <title>, the nav and front matter: readable characters only, no markup."""
    cleaned = _SPACE.sub(" ", _TITLE_DROP.sub(" ", text.replace("&", " and "))).strip()
    return cleaned or "Untitled"
