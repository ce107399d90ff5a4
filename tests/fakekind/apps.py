from django.apps import AppConfig


class FakeKindConfig(AppConfig):
    name = "tests.fakekind"
    label = "fakekind"
    verbose_name = "Attestations d'essai"
    roles = "tests.fakekind.roles.ROLES"
