"""Words, hashtags, @mentions and emoji in comments, counted the Unicode-correct way.

What a reader sees as one symbol can be several code points: "👍🏽" is a thumb plus a skin
tone, "🇩🇿" two regional letters, a family emoji several people joined by zero-width
joiners. Counting code points splits them; counting *grapheme clusters* (Unicode
UAX #29, the ``\\X`` pattern of the ``regex`` package) does not.

Arabic words are typed with or without short vowels (تشكيل: "رائعٌ" and "رائع") and
sometimes with a stretched letter (ـ, tatweel); :func:`normalise` removes both so one
word is counted once. Nothing else is changed (alef and ta marbuta forms are kept: they
can change meaning). Polish words are lower-cased and keep their diacritics (ą, ś, ż).
No language model is used: these are plain, explainable rules.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

import pandas as pd
import regex

ARABIC_MARKS = regex.compile(r"[\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")
"""Arabic short vowels, shadda, sukun, Quranic marks and the tatweel ـ."""
GRAPHEME = regex.compile(r"\X")
EMOJI = regex.compile(r"^(?:\p{Extended_Pictographic}|\p{Regional_Indicator})")
HASHTAG = regex.compile(r"#[\p{L}\p{M}\p{Nd}_]+")
MENTION = regex.compile(r"@[\p{L}\p{M}\p{Nd}_.]+")
WORD = regex.compile(r"\p{L}[\p{L}\p{M}\p{Nd}'’]*")

STOPWORDS = {
    "ar": {"في", "من", "على", "و", "إلى", "عن", "هذا", "هذه", "ما", "لا", "متى", "وين"},
    "pl": {"i", "w", "na", "z", "to", "się", "nie", "jest", "do", "że", "kiedy", "gdzie"},
}


def normalise(text: str) -> str:
    """NFC form, Arabic diacritics and tatweel removed, lower case (for Latin letters)."""
    return ARABIC_MARKS.sub("", unicodedata.normalize("NFC", str(text))).lower()


def tokens(text: str) -> dict[str, list[str]]:
    """The ``words``, ``hashtags``, ``mentions`` and ``emoji`` of one comment.

    Hashtags and mentions are taken out first, so "#promocja" is a hashtag, not the word
    "promocja"; emoji are whole grapheme clusters.
    """
    clean = normalise(text)
    hashtags = HASHTAG.findall(clean)
    mentions = MENTION.findall(clean)
    rest = MENTION.sub(" ", HASHTAG.sub(" ", clean))
    emoji = [g for g in GRAPHEME.findall(rest) if EMOJI.match(g)]
    return {"words": WORD.findall(rest), "hashtags": hashtags, "mentions": mentions,
            "emoji": emoji}


def top_terms(comments: pd.DataFrame, kind: str = "words", by: str = "account",
              n: int = 5, lang: str | None = None) -> pd.DataFrame:
    """The ``n`` most frequent terms of ``kind`` (words, hashtags, mentions, emoji) per
    group ``by``: columns ``by``, ``term``, ``count``. Stop words of Arabic and Polish
    (short function words) are left out of ``words``."""
    from ..errors import CourseError

    if kind not in ("words", "hashtags", "mentions", "emoji"):
        raise CourseError("error.unknown_choice", value=kind, name="kind",
                          choices="words, hashtags, mentions, emoji")
    stop = set().union(*STOPWORDS.values()) if lang is None else STOPWORDS.get(lang, set())
    rows = []
    for group, texts in comments.groupby(by, sort=True)["text"]:
        counter: Counter = Counter()
        for text in texts:
            found = tokens(text)[kind]
            counter.update(t for t in found if kind != "words" or t not in stop)
        rows += [(group, term, count) for term, count in counter.most_common(n)]
    return pd.DataFrame(rows, columns=[by, "term", "count"])
