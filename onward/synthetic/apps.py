from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyntheticConfig(AppConfig):
    name = "onward.synthetic"
    verbose_name = _("Synthetic people, for the demo and the benchmarks")
