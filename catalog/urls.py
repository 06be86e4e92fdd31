from django.contrib.auth.views import LogoutView
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from catalog import health, packet_views, site_files, two_factor, views
from catalog.documents import serve_document
from catalog.search import views as search
from catalog.sitemap import sitemap_index, sitemap_section

# A database outage answers a plain 503 page, any other failure the 500 page (catalog.outage).
handler500 = "catalog.outage.server_error"

# Media files are never served from /media/: documents go through Wagtail's serve view, where
# privacy is checked before each download (wrapped to answer byte ranges, for audio players),
# and images through Wagtail's signed rendition URLs (podcast cover art). A public episode's
# audio and a public show's cover art may be embedded by other sites; nothing else may.
urlpatterns = [
    # The admin's two exceptions to the Content Security Policy: catalog/admin_policy.py.
    path("admin/", include(wagtailadmin_urls)),
    re_path(r"^documents/(\d+)/(.*)$", serve_document, name="document_serve"),
    path("documents/", include(wagtaildocs_urls)),
    re_path(
        r"^images/([^/]*)/(\d*)/([^/]*)/[^/]*$",
        views.RenditionView.as_view(),
        name="wagtailimages_serve",
    ),
    path("healthz/", views.health, name="health"),
    path("readyz/", health.readyz, name="readiness"),  # database, cache, storage
    path("robots.txt", views.robots, name="robots"),
    # The site settings' logo, favicon and sharing image: public by definition (catalog.site_files).
    path("favicon.ico", site_files.favicon, name="favicon"),
    path(
        "site-images/<slug:role>/<int:image_id>.<slug:extension>",
        site_files.site_image,
        name="site_image",
    ),
    path("sitemap.xml", sitemap_index, name="sitemap"),  # live, public pages only
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap_section"),
    path("sign-out/", LogoutView.as_view(next_page="/"), name="sign_out"),
    # Staff two-factor sign-in (catalog/two_factor.py): outside /admin/, which it guards.
    path("account/two-factor/", two_factor.enrol, name="two_factor_enrol"),
    path("account/two-factor/qr.svg", two_factor.qr_code, name="two_factor_qr"),
    path("account/two-factor/verify/", two_factor.verify, name="two_factor_verify"),
    # Members: asking for access, the account page, renewal, passwords (catalog.members).
    path("", include("catalog.members.urls")),
    path("search/", search.search, name="search"),
    path("search/suggest/", search.suggest, name="search_suggest"),
    path("search/export.csv", search.export, name="search_export"),
    path("browse/<slug:vocabulary>/<slug:slug>/", search.browse, name="browse"),
    # The trainer's packet: all of it in the address, nothing kept (catalog/packet.py).
    path("packet/", packet_views.packet, name="packet"),
    path("packet/from-search/", packet_views.from_search, name="packet_from_search"),
    path("packet/packet.csv", packet_views.packet_csv, name="packet_csv"),
    path("packet/packet.ics", packet_views.packet_ics, name="packet_ics"),
    path("packet/packet.txt", packet_views.packet_txt, name="packet_txt"),
    path("", include(wagtail_urls)),
]
