from csp.decorators import csp_replace, csp_update
from django.contrib.auth.views import LogoutView
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.images.views.serve import ServeView
from wagtail.utils.urlpatterns import decorate_urlpatterns

from catalog import views
from catalog.documents import serve_document
from catalog.search import views as search

# The one exception to the site's Content Security Policy (settings.CONTENT_SECURITY_POLICY), for
# the admin only: Wagtail 8 still starts some widgets with an inline script in the form, e.g.
# `new DocumentChooser("id_document", …)` and `initDateChooser("id_publication_date", …)`. Refused,
# the chooser never opens and an editor cannot attach or change a resource's file. The admin is
# for signed-in staff, and every script, style and request still comes from the site itself.
# Drop this once Wagtail's widgets start without inline code.
# The admin's live preview shows the page in a frame of the admin itself: admin pages may be
# framed by the site (Wagtail sends X-Frame-Options: SAMEORIGIN there), never by another.
admin_urls = decorate_urlpatterns(
    decorate_urlpatterns(
        wagtailadmin_urls.urlpatterns, csp_update({"script-src": ["'unsafe-inline'"]})
    ),
    csp_replace({"frame-ancestors": ["'self'"]}),
)

# Media files are never served from /media/: documents go through Wagtail's serve view, where
# privacy is checked before each download (wrapped to answer byte ranges, for audio players),
# and images through Wagtail's signed rendition URLs (podcast cover art).
urlpatterns = [
    path("admin/", include(admin_urls)),
    re_path(r"^documents/(\d+)/(.*)$", serve_document, name="document_serve"),
    path("documents/", include(wagtaildocs_urls)),
    re_path(
        r"^images/([^/]*)/(\d*)/([^/]*)/[^/]*$", ServeView.as_view(), name="wagtailimages_serve"
    ),
    path("healthz/", views.health, name="health"),
    path("robots.txt", views.robots, name="robots"),
    path("sitemap.xml", sitemap, name="sitemap"),  # live, public pages only
    path("sign-out/", LogoutView.as_view(next_page="/"), name="sign_out"),
    path("search/", search.search, name="search"),
    path("search/suggest/", search.suggest, name="search_suggest"),
    path("search/export.csv", search.export, name="search_export"),
    path("browse/<slug:vocabulary>/<slug:slug>/", search.browse, name="browse"),
    path("", include(wagtail_urls)),
]
