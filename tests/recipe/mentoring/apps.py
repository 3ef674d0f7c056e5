from django.apps import AppConfig


class MentoringConfig(AppConfig):
    """A throwaway content type, installed only by tests/recipe/settings.py."""

    name = "tests.recipe.mentoring"
    label = "mentoring"
    default_auto_field = "django.db.models.BigAutoField"
