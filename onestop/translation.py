from modeltranslation.translator import TranslationOptions, register

from onestop.models import RegistrationGuidePage, RegistrationStep


@register(RegistrationGuidePage)
class RegistrationGuidePageTranslation(TranslationOptions):
    fields = ("legal_forms",)


@register(RegistrationStep)
class RegistrationStepTranslation(TranslationOptions):
    fields = ("title",)
