"""How message text is segmented for the FTS5 index, and how queries are built.

FTS5's ``trigram`` tokenizer cannot match a query shorter than three
characters, and most Chinese words are two (查获 "seized", 走私 "smuggling").
So the index uses ``unicode61`` over text in which every CJK character is a
token of its own, and a CJK query becomes a *phrase* of those characters: it
matches exactly where the characters stand next to each other, at any length
(1, 2 or 20 characters). Latin words, numbers, container or HS codes stay
whole tokens and are matched by prefix ("MSKU12" finds "MSKU1234565").
"""

from __future__ import annotations

import re

# CJK ideographs (URO, Ext A, Ext B-F, compatibility), kana, Hangul syllables.
_CJK = (
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
    "\U00020000-\U0002fa1f"
)
_CJK_CHAR = re.compile(f"([{_CJK}])")
_QUERY_RUN = re.compile(f"[{_CJK}]+|[^\\s{_CJK}]+")
# unicode61 splits on anything that is not a letter or digit.
_TOKEN_CHARS = re.compile(r"[^\W_]+")


def index_text(text: str) -> str:
    """The text as stored in ``messages_fts``: CJK characters space-separated."""
    return _CJK_CHAR.sub(r" \1 ", text)


def match_expression(query: str) -> str | None:
    """An FTS5 MATCH expression for a user's query, or ``None`` if it has no terms.

    Every term must match (AND). User input never reaches FTS5 syntax
    unquoted, so operators and quotes in the query are just text.
    """
    terms: list[str] = []
    for run in _QUERY_RUN.findall(query):
        if _CJK_CHAR.match(run):
            terms.append('"' + " ".join(run) + '"')
        else:
            terms.extend(f'"{token}"*' for token in _TOKEN_CHARS.findall(run))
    return " AND ".join(terms) if terms else None


def highlight_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where ``query``'s terms occur in ``text``, as sorted, non-overlapping
    ``(start, end)`` character offsets: what a result list highlights.

    The same terms as :func:`match_expression` and the same rules as the index, so
    what is highlighted is what matched: a CJK run anywhere (any length, 1 and 2
    characters included), a Latin/number token as the prefix of a word
    (``unicode61`` folds case, so the comparison is case-insensitive).
    """
    spans: list[tuple[int, int]] = []
    # Offsets must stay those of ``text``: casefold, else lower, whichever keeps the
    # length ("ß" folds to "ss"); with neither, Latin terms are not highlighted.
    folded = next((f for f in (text.casefold(), text.lower()) if len(f) == len(text)), None)
    for run in _QUERY_RUN.findall(query):
        if _CJK_CHAR.match(run):
            # Overlapping occurrences too ("关关" in "关关关"): the phrase matches at
            # each of them, and the merge below joins them into one span.
            start = text.find(run)
            while start >= 0:
                spans.append((start, start + len(run)))
                start = text.find(run, start + 1)
            continue
        if folded is None:
            continue
        for token in _TOKEN_CHARS.findall(run):
            needle = token.casefold() if folded == text.casefold() else token.lower()
            for word in _TOKEN_CHARS.finditer(folded):
                if word.group().startswith(needle):
                    spans.append((word.start(), word.start() + len(needle)))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
