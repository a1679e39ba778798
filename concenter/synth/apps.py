from django.apps import AppConfig


class SynthConfig(AppConfig):
    name = "concenter.synth"
    label = "synth"
    verbose_name = "Synthetic data"
