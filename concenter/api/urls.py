"""Routers are attached here, in one place, so the OpenAPI document lists every operation."""

from concenter.api.base import api
from concenter.geography.api import router as geography_router

api.add_router("/", geography_router)

__all__ = ["api"]
