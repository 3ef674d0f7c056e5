"""Translatable fields of the MSME size definitions (modeltranslation registrations)."""

from modeltranslation.translator import TranslationOptions, register

from msme.models import SizeDefinition, SizeThreshold


@register(SizeDefinition)
class SizeDefinitionTranslation(TranslationOptions):
    fields = ("sector_label", "combination_basis", "source", "note")


@register(SizeThreshold)
class SizeThresholdTranslation(TranslationOptions):
    fields = ("note",)
