from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from servicecentre import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include("search.api_urls")),
    path("api/v1/", include("msme.api_urls")),
    path("api/v1/", include("finder.api_urls")),
    path("api/v1/", include("analytics.urls")),
    path("api/v1/", include("alerts.api_urls")),
    path("api/v1/", include("opendata.api_urls")),
]

urlpatterns += i18n_patterns(
    path("search/", include("search.urls")),
    path("msme-size/", include("msme.urls")),
    path("finder/", include("finder.urls")),
    path("problems/", include("provenance.urls")),
    path("alerts/", include("alerts.urls")),
    path("data/", include("opendata.urls")),
    path("kpi/", include("kpi.urls")),
    path("calendar/", include("deadlines.urls")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
