"""The awards tests read PDFs through the shared reader (it honours /ActualText)."""

from concenter.common.pdf import pdf_text as pdf_actual_text

__all__ = ["pdf_actual_text"]
