from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "concenter.bench"
    label = "bench"
    verbose_name = "Benchmark"
