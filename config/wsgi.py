import os

from django.core.wsgi import get_wsgi_application
from django.db import connections
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Load the URLconf (every view module, the API and its schemas) now rather than on each worker's first
# request: under `gunicorn --preload` (make serve) the master loads it once and the workers share it,
# instead of each spending about a second of CPU on its first request. Loading it queries nothing; the
# close makes sure no database connection is shared with the forked workers.
get_resolver().url_patterns  # noqa: B018 (evaluated for its side effect: the import)
connections.close_all()
