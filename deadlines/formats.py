"""Dates in the reader's language and calendar (ICU: Thai pages count Buddhist years)."""

from __future__ import annotations

import datetime
from functools import lru_cache

from icu4py.messageformat import MessageFormat

# Site language code → ICU locale; ICU's Thai calendar is the Buddhist one (2569 = 2026).
ICU_LOCALES = {"en": "en_GB", "zh-hans": "zh_Hans"}


@lru_cache(maxsize=32)
def _long_date_format(language: str) -> MessageFormat:
    return MessageFormat("{d, date, long}", ICU_LOCALES.get(language, language.replace("-", "_")))


def long_date(value: datetime.date, language: str) -> str:
    """`value` written out as readers of `language` expect, e.g. 30 มิถุนายน 2569 in Thai."""
    # Noon: ICU reads a moment, and noon is the same day in every ASEAN time zone.
    moment = datetime.datetime.combine(value, datetime.time(12))
    return _long_date_format(language).format({"d": moment})
