"""concenter: the information system of Thailand's Community Organization Network Centers."""

__version__ = "0.1.0"
