"""/metrics: a few counts of the whole country in Prometheus text format, for monitoring.

Here rather than in `common` because it counts the domain's records (centers, people,
organisations, committee terms) and `common` imports no domain app (docs/architecture.md).
"""

import hmac

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from concenter.accounts.models import Role, User
from concenter.accounts.scope import has_role
from concenter.accounts.services import api_token_authenticate
from concenter.network.models import Center, CommitteeTerm, Organization
from concenter.people.models import Person


def _metrics_authorized(request: HttpRequest) -> bool:
    """A national administrator's bearer token, or the shared METRICS_TOKEN."""
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return False
    shared = getattr(settings, "METRICS_TOKEN", "")
    if shared and hmac.compare_digest(token.encode(), shared.encode()):
        return True
    user = api_token_authenticate(token)
    return user is not None and has_role(user, Role.NATIONAL_ADMIN)


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus text format: a few counts of the whole country, from cheap COUNT queries."""
    if not _metrics_authorized(request):
        response = HttpResponse("unauthorized\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    figures = [
        ("concenter_up", "1 if the application answers.", 1),
        ("concenter_users", "Active user accounts.", User.objects.filter(is_active=True).count()),
        ("concenter_centers", "Community Organization Network Centers.", Center.objects.count()),
        ("concenter_people", "People on record.", Person.objects.count()),
        ("concenter_organizations", "Community organisations.", Organization.objects.count()),
        ("concenter_terms", "Committee terms.", CommitteeTerm.objects.count()),
    ]
    lines = []
    for name, help_text, value in figures:
        lines += [f"# HELP {name} {help_text}", f"# TYPE {name} gauge", f"{name} {value}"]
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; version=0.0.4; charset=utf-8"
    )
