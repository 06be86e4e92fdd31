"""Response headers Django does not set itself."""

from django.conf import settings


def permissions_policy(get_response):
    """`Permissions-Policy` on every response: the browser features no page of ours may use."""

    def middleware(request):
        response = get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware
