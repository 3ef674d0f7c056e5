import os

from django.core.wsgi import get_wsgi_application

# A server fails closed: production settings unless told otherwise (they refuse to start
# without a strong SECRET_KEY); development is opted into explicitly (`make run`).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicecentre.settings.production")
application = get_wsgi_application()
