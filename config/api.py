"""Routers are attached here, in one place, so the OpenAPI document lists every operation.

In config, above every app: `concenter.api` (the NinjaAPI, its authentication and errors) is on
the ground floor and imports no domain app; each domain app's `api.py` builds its router.
"""

from concenter.activities.api import router as activities_router
from concenter.api.base import api
from concenter.assessment.api import router as assessment_router
from concenter.awards import api_changes  # noqa: F401  (adds its operations to awards' router)
from concenter.awards.api import router as awards_router
from concenter.events.api import router as events_router
from concenter.exchange.api import router as exchange_router
from concenter.geography.api import router as geography_router
from concenter.network.api import router as network_router
from concenter.notifications.api import router as notifications_router
from concenter.people.api import router as people_router

api.add_router("/", geography_router)
api.add_router("/", network_router)
api.add_router("/", people_router)
api.add_router("/", activities_router)
api.add_router("/", awards_router)
api.add_router("/", events_router)
api.add_router("/", exchange_router)
api.add_router("/", assessment_router)
api.add_router("/", notifications_router)

__all__ = ["api"]
