from django.apps import AppConfig


class CliConfig(AppConfig):
    name = "magistrat.cli"
    label = "cli"
    verbose_name = "CLI"
