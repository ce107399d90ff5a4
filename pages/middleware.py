"""The CMS (/cms/) answers 400, not a server error, to an edit form posted without the fields
its blocks need.

Wagtail's StreamField and ListBlock read their item count from hidden fields ("body-count",
"body-0-value-count") with `data[...]`: a POST without them (a hand-made or truncated
request, never Wagtail's own form) raises KeyError, or ValueError for a count that is not a
number, inside the blocks' `value_from_datadict`, before any validation could report it.
Wagtail offers no hook around form reading in every editing view (pages, their preview, site
settings, snippets), so the error is recognised here by where it was raised.
"""

import logging

from guichet.views.errors import error_400

logger = logging.getLogger(__name__)

CMS_PREFIX = "/cms/"


def raised_while_reading_block_data(exception):
    traceback = exception.__traceback__
    while traceback is not None:
        code = traceback.tb_frame.f_code
        if code.co_name == "value_from_datadict" and "/wagtail/blocks/" in code.co_filename:
            return True
        traceback = traceback.tb_next
    return False


class MalformedBlockDataMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if (
            request.method == "POST"
            and request.path.startswith(CMS_PREFIX)
            and isinstance(exception, KeyError | ValueError | TypeError)
            and raised_while_reading_block_data(exception)
        ):
            logger.warning(
                "CMS form posted without its block fields (%s): answered 400",
                type(exception).__name__,
            )
            return error_400(request)
        return None
