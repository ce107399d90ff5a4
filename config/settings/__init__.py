"""One configuration for every deployment, driven by environment variables, split by concern.

The defaults are the embedded demo (SQLite file, local-memory cache, console e-mail,
immediate tasks). Production sets DJANGO_DEBUG=false and must then provide SECRET_KEY and
ALLOWED_HOSTS; every variable is listed in .env.example.
"""

from .api import *  # noqa: F403
from .base import *  # noqa: F403
from .counter import *  # noqa: F403
from .identity import *  # noqa: F403
from .logging import *  # noqa: F403
from .payments import *  # noqa: F403
from .security import *  # noqa: F403
from .website import *  # noqa: F403
