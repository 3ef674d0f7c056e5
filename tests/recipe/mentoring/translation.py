from modeltranslation.translator import TranslationOptions, register

from tests.recipe.mentoring.models import MentoringPage, MentoringSource


@register(MentoringPage)
class MentoringPageTranslation(TranslationOptions):
    fields = ("mentors",)


@register(MentoringSource)
class MentoringSourceTranslation(TranslationOptions):
    fields = ()  # the source's title, from PageSource
