from modeltranslation.translator import TranslationOptions, register

from market_info.models import (
    FtaGuidePage,
    FtaGuideSource,
    FtaIndexPage,
    MarketGuidePage,
    MarketGuideSource,
)


@register(FtaIndexPage)
class FtaIndexPageTranslation(TranslationOptions):
    fields = ("intro",)


@register(FtaGuidePage)
class FtaGuidePageTranslation(TranslationOptions):
    fields = ("coverage", "rules_of_origin", "self_certification")


@register(MarketGuidePage)
class MarketGuidePageTranslation(TranslationOptions):
    fields = (
        "market_overview",
        "import_requirements",
        "standards_bodies",
        "trade_promotion_agency",
    )


@register(FtaGuideSource)
class FtaGuideSourceTranslation(TranslationOptions):
    fields = ()  # the source's title, from PageSource


@register(MarketGuideSource)
class MarketGuideSourceTranslation(TranslationOptions):
    fields = ()  # the source's title, from PageSource
