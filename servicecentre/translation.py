"""Translatable fields of the shared core (modeltranslation registrations)."""

from modeltranslation.translator import TranslationOptions, register

from servicecentre.models import (
    BasePage,
    Country,
    CountryPage,
    DirectoryPage,
    EnterpriseSize,
    HomePage,
    PageSource,
    Sector,
    SupportType,
    TargetGroup,
)


@register(Country)
@register(Sector)
@register(EnterpriseSize)
@register(SupportType)
@register(TargetGroup)
class TaxonomyTranslation(TranslationOptions):
    fields = ("name",)


@register(HomePage)
@register(CountryPage)
@register(DirectoryPage)
class IntroTranslation(TranslationOptions):
    fields = ("intro",)


@register(BasePage)
class BasePageTranslation(TranslationOptions):
    fields = ("summary", "body", "provider", "verification_note")


@register(PageSource)
class PageSourceTranslation(TranslationOptions):
    fields = ("title",)
