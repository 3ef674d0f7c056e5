from modeltranslation.translator import TranslationOptions, register

from abinet.models import IncubatorPage, IncubatorSource


@register(IncubatorPage)
class IncubatorPageTranslation(TranslationOptions):
    fields = ("services", "fees", "how_to_apply")


@register(IncubatorSource)
class IncubatorSourceTranslation(TranslationOptions):
    fields = ()  # the source's title, from PageSource
