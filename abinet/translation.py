from modeltranslation.translator import TranslationOptions, register

from abinet.models import IncubatorPage


@register(IncubatorPage)
class IncubatorPageTranslation(TranslationOptions):
    fields = ("services", "fees", "how_to_apply")
