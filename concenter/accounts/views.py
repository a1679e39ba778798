from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from concenter.accounts import services
from concenter.accounts.forms import PreferencesForm


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, initial={"thai_digits": request.user.thai_digits})
    if request.method == "POST" and form.is_valid():
        services.user_set_preferences(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your preferences were saved."))
        return redirect("accounts:profile")
    roles = request.user.roles.select_related("area").order_by("role")
    return render(request, "accounts/profile.html", {"form": form, "roles": roles})
