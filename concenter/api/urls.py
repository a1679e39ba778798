"""Routers are attached here, in one place, so the OpenAPI document lists every operation."""

from concenter.api.base import api
from concenter.geography.api import router as geography_router
from concenter.network.api import router as network_router
from concenter.people.api import router as people_router

api.add_router("/", geography_router)
api.add_router("/", network_router)
api.add_router("/", people_router)

__all__ = ["api"]
