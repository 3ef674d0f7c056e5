"""Headers Django's SecurityMiddleware does not set: Content-Security-Policy, Permissions-Policy.

The public site gets a strict policy (no inline script or style at all); the Wagtail and
Django admins get a looser one, because Wagtail 8's admin still renders inline scripts
(date pickers, inline panels) and style attributes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def render_policy(directives: Mapping[str, Sequence[str]]) -> str:
    """Render {"default-src": ["'self'"], ...} as a header value."""
    return "; ".join(
        " ".join([name, *sources]) if sources else name for name, sources in directives.items()
    )


def policy_for_path(path: str) -> Mapping[str, Sequence[str]]:
    """The CSP directives that apply to a request path."""
    if path.startswith(tuple(settings.CSP_ADMIN_PATHS)):
        return settings.CSP_ADMIN_POLICY
    return settings.CSP_POLICY


class SecurityHeadersMiddleware:
    """Add Content-Security-Policy and Permissions-Policy to every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Wagtail renders previews through the middleware again with a dummy request for
        # the page's public path; leave those to the admin request that frames them.
        if getattr(request, "is_dummy", False):
            return response
        header = (
            "Content-Security-Policy-Report-Only"
            if settings.CSP_REPORT_ONLY
            else "Content-Security-Policy"
        )
        # A view that sets its own policy keeps it (Wagtail serves documents with
        # "default-src 'none'", stricter than ours).
        if "Content-Security-Policy" not in response and header not in response:
            response[header] = render_policy(policy_for_path(request.path))
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
