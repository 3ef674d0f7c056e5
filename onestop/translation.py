from modeltranslation.translator import TranslationOptions, register

from onestop.models import RegistrationGuidePage, RegistrationGuideSource, RegistrationStep


@register(RegistrationGuidePage)
class RegistrationGuidePageTranslation(TranslationOptions):
    fields = ("legal_forms",)


@register(RegistrationStep)
class RegistrationStepTranslation(TranslationOptions):
    fields = ("title",)


@register(RegistrationGuideSource)
class RegistrationGuideSourceTranslation(TranslationOptions):
    fields = ()  # the source's title, from PageSource
