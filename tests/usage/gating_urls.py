"""Views gated on features, for the gating tests (``@pytest.mark.urls``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path
from django.views import View

from djstripe.entitlements import FeatureRequiredMixin, feature_required

#: Uses the template tag and the ``djstripe.entitlements.features`` context processor.
PAGE = (
    "{% load djstripe_entitlements %}"
    "{% has_feature 'exports' as can_export %}"
    "exports={{ can_export }} "
    "api={% if 'api' in djstripe_features %}yes{% else %}no{% endif %}"
)


@feature_required("api")
def api_console(request: HttpRequest) -> HttpResponse:
    return HttpResponse("console")


@feature_required("api", "exports", redirect_to="pricing")
def bulk_export(request: HttpRequest) -> HttpResponse:
    return render_page(request)


def render_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(engines["django"].from_string(PAGE).render({}, request))


def pricing(request: HttpRequest) -> HttpResponse:
    return HttpResponse("pricing")


class Reports(FeatureRequiredMixin, View):
    required_features = ("exports",)

    def get(self, request: HttpRequest) -> HttpResponse:
        return render_page(request)


class ReportsOrPricing(Reports):
    feature_redirect_url = "/pricing/"


urlpatterns = [
    path("console/", api_console),
    path("export/", bulk_export),
    path("pricing/", pricing, name="pricing"),
    path("reports/", Reports.as_view()),
    path("reports-or-pricing/", ReportsOrPricing.as_view()),
]
