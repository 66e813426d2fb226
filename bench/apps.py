from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Benchmark tools: only the `generate_data` command; no models, no URLs."""

    name = "bench"
    verbose_name = "Benchmark tools"
