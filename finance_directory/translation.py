from modeltranslation.translator import TranslationOptions, register

from finance_directory.models import FinancingSchemePage


@register(FinancingSchemePage)
class FinancingSchemePageTranslation(TranslationOptions):
    fields = ("key_terms", "eligibility", "how_to_apply")
