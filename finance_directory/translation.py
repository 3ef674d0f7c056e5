from modeltranslation.translator import TranslationOptions, register

from finance_directory.models import FinancingSchemePage, FinancingSchemeSource


@register(FinancingSchemePage)
class FinancingSchemePageTranslation(TranslationOptions):
    fields = ("key_terms", "eligibility", "how_to_apply")


@register(FinancingSchemeSource)
class FinancingSchemeSourceTranslation(TranslationOptions):
    fields = ()  # the source's title, from PageSource
